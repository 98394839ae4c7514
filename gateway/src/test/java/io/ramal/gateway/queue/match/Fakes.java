package io.ramal.gateway.queue.match;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Calls that record what the matchmaker told them (routed by id), and a clock the test moves. */
final class Fakes {

    private Fakes() {
    }

    static final class ManualClock extends Clock {
        long millis = 1_700_000_000_000L;

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    /** The matchmaker's listener: each answer goes to the fake call of that id. */
    static final class Lines implements MatchListener {
        final Map<UUID, Caller> callers = new HashMap<>();
        final Map<UUID, Attendant> attendants = new HashMap<>();

        @Override
        public void position(UUID caller, int position, int estimateMinutes) {
            callers.get(caller).position(position, estimateMinutes);
        }

        @Override
        public void paired(Pairing p) {
            callers.get(p.caller()).connect(p);
            attendants.get(p.attendant()).connect(p);
        }

        @Override
        public void requeued(UUID caller, Pairing ended) {
            callers.get(caller).requeued();
        }

        @Override
        public void completedByAttendant(UUID caller, Pairing ended) {
            callers.get(caller).completedByAttendant();
        }

        @Override
        public void overflow(UUID caller, Overflow target) {
            callers.get(caller).overflow(target);
        }

        @Override
        public void unpaired(UUID attendant, Pairing ended, String why) {
            attendants.get(attendant).disconnect(ended, why);
        }
    }

    static final class Caller {
        final UUID id = UUID.randomUUID();
        final String name;
        final List<String> heard = new ArrayList<>();
        Pairing pairing;

        Caller(String name) {
            this.name = name;
        }

        void position(int position, int estimateMinutes) {
            heard.add("position " + position + (estimateMinutes > 0 ? " ~" + estimateMinutes + "min" : ""));
        }

        void connect(Pairing b) {
            pairing = b;
            heard.add("connect");
        }

        void requeued() {
            pairing = null;
            heard.add("requeued");
        }

        void completedByAttendant() {
            heard.add("completed");
        }

        void overflow(Overflow target) {
            heard.add("overflow " + target);
        }

        String last() {
            return heard.isEmpty() ? "" : heard.get(heard.size() - 1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final class Attendant {
        final UUID id = UUID.randomUUID();
        final String name;
        final List<String> heard = new ArrayList<>();
        Pairing pairing;

        Attendant(String name) {
            this.name = name;
        }

        void connect(Pairing b) {
            pairing = b;
            heard.add("connect " + b.caller());
        }

        void disconnect(Pairing b, String why) {
            if (b == pairing) {
                pairing = null;
            }
            heard.add("disconnect " + why);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
