package io.ramal.gateway.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.util.Base64;

/**
 * A JSON text message from the agent, decoded. Twilio Media Streams' {@code media},
 * {@code mark} and {@code clear}, Ramal's {@code ramal} control messages, and everything else
 * (ignored, as a Twilio client ignores unknown events).
 */
sealed interface AgentMessage {

    /** Audio: for Twilio the base64-decoded mu-law bytes. */
    record Media(byte[] audio) implements AgentMessage {
    }

    /** Echo {@code name} back once the audio queued before it has played. */
    record Mark(String name) implements AgentMessage {
    }

    /** Barge-in: drop the queued audio now. */
    record Clear() implements AgentMessage {
    }

    /** Move the caller to {@code target}, after the queued audio when {@code afterPlayout}. */
    record Transfer(String target, boolean afterPlayout) implements AgentMessage {
    }

    /** End the call, after the queued audio when {@code afterPlayout}. */
    record Hangup(boolean afterPlayout) implements AgentMessage {
    }

    /** An event this client does not act on ({@code connected}, {@code start}...). */
    record Ignored(String event) implements AgentMessage {
    }

    /** A message that breaks the protocol; the message says what was expected and what came. */
    final class BadMessageException extends IOException {
        BadMessageException(String message) {
            super(message);
        }

        BadMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    ObjectMapper MAPPER = new ObjectMapper();

    /** Decodes the UTF-8 JSON in {@code text} (not consumed, not released). */
    static AgentMessage parse(ByteBuf text) throws BadMessageException {
        JsonNode root;
        try {
            root = MAPPER.readTree(new ByteBufInputStream(text.duplicate()));
        } catch (JsonProcessingException e) {
            throw new BadMessageException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadMessageException("unreadable: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new BadMessageException("expected a JSON object, found " + (root == null ? "nothing" : root.getNodeType()));
        }
        String event = root.path("event").asText("");
        switch (event) {
            case "media" -> {
                JsonNode payload = root.path("media").path("payload");
                if (!payload.isTextual()) {
                    throw new BadMessageException("media without media.payload");
                }
                try {
                    return new Media(Base64.getDecoder().decode(payload.asText()));
                } catch (IllegalArgumentException e) {
                    throw new BadMessageException("media.payload is not base64: " + e.getMessage(), e);
                }
            }
            case "mark" -> {
                JsonNode name = root.path("mark").path("name");
                if (!name.isValueNode() || name.isNull()) {
                    throw new BadMessageException("mark without mark.name");
                }
                return new Mark(name.asText());
            }
            case "clear" -> {
                return new Clear();
            }
            case "ramal" -> {
                String action = root.path("action").asText("");
                boolean after = root.path("afterPlayout").asBoolean(true);
                switch (action) {
                    case "transfer" -> {
                        String target = root.path("target").asText("");
                        if (target.isBlank()) {
                            throw new BadMessageException("ramal transfer without target");
                        }
                        return new Transfer(target, after);
                    }
                    case "hangup" -> {
                        return new Hangup(after);
                    }
                    default -> throw new BadMessageException("ramal action '" + action + "' is unknown, expected transfer or hangup");
                }
            }
            case "" -> throw new BadMessageException("message without event");
            default -> {
                return new Ignored(event);
            }
        }
    }
}
