package io.ramal.gateway.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.call.EndReason;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.audio.AudioFormat;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The owner's word, back over the relay, that the relayed caller was answered: when and by whom.
 * The call's record is written on the node where Asterisk's call is (one record per call however
 * often its queue moved), and only the owner sees the answer; this frame
 * ({@link AudioSocketKind#RELAY_ANSWERED}) carries it there.
 *
 * <p>On the owner, {@link #reporting} wraps the relayed caller's handler: after each tick it looks
 * at the call's trace, and sends the frame once when the answer appears there. Confined to the
 * call's event loop.
 *
 * @param at        when the attendant answered
 * @param attendant the attendant's call id
 */
public record RelayAnswer(Instant at, UUID attendant) {

    /** Payload bytes: the epoch millisecond and the attendant's call id (the decoder checks the length). */
    static final int BYTES = AudioSocketDecoder.RELAY_ANSWERED_BYTES;

    /** Reads the payload of a {@link AudioSocketKind#RELAY_ANSWERED} frame (its length checked by the decoder). */
    static RelayAnswer read(ByteBuf p) {
        int i = p.readerIndex();
        return new RelayAnswer(Instant.ofEpochMilli(p.getLong(i)), new UUID(p.getLong(i + 8), p.getLong(i + 16)));
    }

    /** Writes this answer as one frame on {@code channel}. */
    void send(Channel channel) {
        ByteBuf b = channel.alloc().buffer(AudioSocketHeader.BYTES + BYTES);
        AudioSocketHeader.write(b, AudioSocketKind.RELAY_ANSWERED, BYTES);
        b.writeLong(at.toEpochMilli()).writeLong(attendant.getMostSignificantBits())
                .writeLong(attendant.getLeastSignificantBits());
        channel.writeAndFlush(b, channel.voidPromise());
    }

    /**
     * {@code caller}, which serves a caller relayed here over {@code channel}, telling the relaying
     * node of the answer once it happens.
     */
    public static CallHandler reporting(CallHandler caller, Supplier<Channel> channel) {
        return new Reporting(caller, channel);
    }

    private static final class Reporting implements CallHandler {
        private final CallHandler caller;
        private final Supplier<Channel> channel;
        private Instant told;

        Reporting(CallHandler caller, Supplier<Channel> channel) {
            this.caller = caller;
            this.channel = channel;
        }

        @Override
        public void onStart(CallContext call) {
            caller.onStart(call);
        }

        @Override
        public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
            caller.onAudio(call, payload, format);
        }

        @Override
        public void onFormatChange(CallContext call, AudioFormat format) {
            caller.onFormatChange(call, format);
        }

        @Override
        public void onDtmf(CallContext call, char digit) {
            caller.onDtmf(call, digit);
        }

        @Override
        public void onTick(CallContext call) {
            caller.onTick(call);
            Instant at = call.trace().answeredAt();
            UUID attendant = call.trace().attendant();
            if (at != null && attendant != null && told == null) {
                told = at;
                new RelayAnswer(at, attendant).send(channel.get());
            }
        }

        @Override
        public void onEnd(CallContext call, EndReason reason) {
            caller.onEnd(call, reason);
        }

        @Override
        public int playoutCapacityFrames(CallSettings settings) {
            return caller.playoutCapacityFrames(settings);
        }
    }
}
