package io.ramal.bench;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Tone;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;

/**
 * The {@code queue} scenario: {@code calls} pairs, each an attendant who dials the agent line
 * (and so logs in) and then a caller who dials the queue line, as {@link QueueLeg}s. Every leg
 * sends, from its first tick, a {@link Stamp}ed frame whose audio is a tone of its own frequency
 * (callers and attendants on different sets, 200 Hz apart); once the queue bridges a pair, each
 * hears the other's frames, and tells from the stamp whose they are and from the tone that they
 * carry the partner's voice.
 *
 * <p>Legs are numbered in the order they open: attendant of pair p at {@code 2p}, its caller at
 * {@code 2p + 1}. The bridge pairs whoever is waiting, so a caller's partner need not be its own
 * pair's attendant; what counts is that each leg hears an attendant-or-caller of the other side,
 * and that the two hear each other.
 */
final class QueueLoad extends Workload {

    /** Callers' frequencies, then attendants', by pair number modulo 4. */
    static final double[] FREQUENCIES = {500, 900, 1300, 1700, 700, 1100, 1500, 1900};
    private static final double LEVEL = 0.1;

    private final Target agents;
    /** One frame per frequency, header included; the stamp replaces its first bytes. */
    private final byte[][] templates = new byte[FREQUENCIES.length][];
    /** Measures what follows the stamp. */
    final ToneMeter meter;
    private LoadLeg[] legs;

    QueueLoad(Target agents) {
        this.agents = agents;
        int n = AudioFormat.SLIN_8K.frameBytes();
        for (int f = 0; f < FREQUENCIES.length; f++) {
            byte[] t = new byte[AudioSocketHeader.BYTES + n];
            AudioSocketHeader.write(t, 0, AudioSocketKind.AUDIO_8K, n);
            new Tone(AudioFormat.SLIN_8K, FREQUENCIES[f], LEVEL).fillFrame(t, AudioSocketHeader.BYTES);
            templates[f] = t;
        }
        meter = new ToneMeter(AudioFormat.SLIN_8K.sampleRate(), FREQUENCIES, (n - Stamp.BYTES) / 2);
    }

    @Override
    public String mode() {
        return "queue";
    }

    @Override
    LoadLeg[] legs(LoadGenerator gen, LoadPlan plan) {
        legs = new LoadLeg[2 * plan.calls()];
        for (int p = 0; p < plan.calls(); p++) {
            int a = 2 * p;
            int c = a + 1;
            legs[a] = new QueueLeg(gen, this, a, address(agents.host(), agents.portOf(p)), LoadGenerator.bucketOf(a));
            legs[c] = new QueueLeg(gen, this, c, address(plan.target().host(), plan.target().portOf(p)),
                    LoadGenerator.bucketOf(c));
        }
        return legs;
    }

    /** True for an attendant's leg number. */
    static boolean attendant(int leg) {
        return (leg & 1) == 0;
    }

    /** The index in {@link #FREQUENCIES} of leg {@code leg}'s tone. */
    static int frequencyOf(int leg) {
        return (attendant(leg) ? 4 : 0) + (leg >> 1) % 4;
    }

    /** Leg {@code leg}'s frame template. */
    byte[] template(int leg) {
        return templates[frequencyOf(leg)];
    }

    /** Leg {@code other} may be {@code leg}'s partner: a leg of this run on the other side. */
    boolean couldPartner(int leg, int other) {
        return legs != null && other >= 0 && other < legs.length && attendant(other) != attendant(leg);
    }

    /** Frames leg {@code leg} has sent so far (its sequence numbers run 0 to this, less one). */
    long sentBy(int leg) {
        return legs[leg].sent;
    }

    @Override
    boolean awaiting(LoadGenerator gen, LoadLeg[] legs) {
        for (LoadLeg l : legs) {
            if (l.state == LoadLeg.State.ACTIVE && ((QueueLeg) l).partner() >= 0 && l.lost() > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    LoadResult finish(LoadResult r, LoadLeg[] legs) {
        int bridged = 0;
        int pairs = 0;
        int hearing = 0;
        long right = 0;
        long wrong = 0;
        for (LoadLeg l : legs) {
            QueueLeg q = (QueueLeg) l;
            int p = q.partner();
            if (p < 0) {
                continue;
            }
            bridged++;
            if (attendant(q.index) && ((QueueLeg) legs[p]).partner() == q.index) {
                pairs++;
            }
            if (q.partnerTone > 0 && q.otherTone == 0) {
                hearing++;
            }
            right += q.partnerTone;
            wrong += q.otherTone;
        }
        return r.with(null,
                new BridgeFigures(agents.toString(), legs.length / 2, bridged, pairs, hearing, right, wrong));
    }
}
