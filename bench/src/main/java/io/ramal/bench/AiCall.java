package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.ramal.gateway.codec.AudioSocketHeader;

import java.net.InetSocketAddress;

/**
 * A caller of an AI line who speaks in turns: it listens first (the agent's greeting), then
 * speaks {@link AiLoad#talkFrames} voiced frames, each with a {@link VoiceStamp}, and sends silence
 * while it listens for the reply; once every frame of the turn has come back (or
 * {@link AiLoad#REPLY_TIMEOUT_NANOS} has passed) and the line has been quiet for the pause, it speaks
 * again. Like Asterisk, it sends a frame every 20 ms whether or not anyone speaks. When the run's
 * sending ends it begins no new turn but finishes the one it is speaking (a turn cut to a frame or
 * two would be too short for an agent to hear as speech) and listens for the last replies.
 *
 * <p>It counts its voiced frames sent, those that came back in the agent's replies (each once),
 * turns spoken, answered and complete, and the arrival gap of every frame the gateway sends.
 * Confined to the generator's event loop.
 */
final class AiCall extends LoadLeg {

    private final AiLoad load;
    private final long startDelayNanos;

    private long connectedAt;
    private boolean greetingHeard;
    private boolean replyHeard;
    private long lastVoicedHeard;
    private boolean talking;
    /** Turns begun; the current or last turn's number is {@code turns - 1}. */
    long turns;
    long answered;
    long complete;
    private int frameInTurn;
    private long turnEnd;
    private int replyExpected;
    private int replyReceived;
    private boolean replyStarted;
    private long lastSeq = -1;

    AiCall(LoadGenerator gen, AiLoad load, int index, InetSocketAddress address, int bucket, long startDelayNanos) {
        super(gen, index, address, bucket, load.voiced.length - AudioSocketHeader.BYTES);
        if (index > VoiceStamp.MAX_CALL) {
            throw new IllegalArgumentException("--calls: an AI run holds at most " + (VoiceStamp.MAX_CALL + 1)
                    + " calls");
        }
        this.load = load;
        this.startDelayNanos = startDelayNanos;
    }

    @Override
    void connected() {
        connectedAt = System.nanoTime();
        lastVoicedHeard = connectedAt;
    }

    // ---- sending -----------------------------------------------------------------------------

    @Override
    boolean tick() {
        long t = System.nanoTime();
        if (!talking && gen.sending && readyToTalk(t)) {
            talking = true;
            turns++;
            frameInTurn = 0;
        }
        if (!talking) {
            send(load.silence, false, t);
            return false;
        }
        boolean sentOne = send(load.voiced, true, t);
        if (frameInTurn == load.talkFrames) {
            endTurn();
        }
        return sentOne;
    }

    private boolean send(byte[] template, boolean voice, long t) {
        if (blocked()) {
            return false;
        }
        ByteBuf b = channel.alloc().directBuffer(template.length);
        b.writeBytes(template);
        if (voice) {
            VoiceStamp.write(b, AudioSocketHeader.BYTES, index, (int) ((turns - 1) & VoiceStamp.MAX_TURN), frameInTurn);
            frameInTurn++;
            sent++;
            turnEnd = t; // the turn ends with the last frame that left
        }
        channel.writeAndFlush(b, channel.voidPromise());
        return voice;
    }

    private void endTurn() {
        talking = false;
        replyExpected = frameInTurn;
        replyReceived = 0;
        replyStarted = false;
    }

    /**
     * The greeting or the last reply has played, the line has been quiet for the pause, and the
     * caller's start has come.
     */
    private boolean readyToTalk(long t) {
        if (turns == 0) {
            if (t - connectedAt < startDelayNanos) {
                return false;
            }
            if (!greetingHeard && t - connectedAt < startDelayNanos + AiLoad.GREETING_WAIT_NANOS) {
                return false;
            }
        } else if (awaitingReply(t)) {
            return false;
        }
        return t - lastVoicedHeard >= load.pauseNanos && (turns == 0 || t - turnEnd >= load.pauseNanos);
    }

    /** True while a turn is spoken or its reply is still due. */
    boolean awaitingReply(long t) {
        return talking || (turns > 0 && replyReceived < replyExpected && t - turnEnd < AiLoad.REPLY_TIMEOUT_NANOS);
    }

    // ---- receiving ---------------------------------------------------------------------------

    @Override
    void audio(byte[] head, int headLen, boolean measuring) {
        arrival(measuring); // the gateway sends a frame every tick, the agent's audio or silence
        long stamp = VoiceStamp.read(head, headLen);
        if (stamp < 0) {
            if (VoiceStamp.voiced(head, headLen)) {
                lastVoicedHeard = now; // the greeting, or anything else the agent says
                greetingHeard = true;
            }
            if (!replyHeard) {
                primingSilence++;
            } else if (measuring) {
                silence++;
            }
            return;
        }
        lastVoicedHeard = now;
        if (VoiceStamp.call(stamp) != index) {
            foreign++;
            return;
        }
        long seq = stamp & 0xFFFFF; // turn and frame
        if (seq <= lastSeq) {
            duplicates++;
            return;
        }
        lastSeq = seq;
        received++;
        replyHeard = true;
        gen.echoed();
        if (talking || VoiceStamp.turn(stamp) != ((turns - 1) & VoiceStamp.MAX_TURN)) {
            return; // a late frame of a reply given up on: it counts as heard, not for the turn
        }
        if (!replyStarted) {
            replyStarted = true;
            answered++;
            long latency = now - turnEnd;
            load.turnLatency(latency);
            if (latency > maxRttNanos) {
                maxRttNanos = latency;
            }
        }
        if (++replyReceived == replyExpected) {
            complete++;
        }
    }
}
