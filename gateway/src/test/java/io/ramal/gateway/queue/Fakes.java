package io.ramal.gateway.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Lines that record what the matchmaker told them, and a clock the test moves. */
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

    static final class Caller implements CallerLine {
        final UUID id = UUID.randomUUID();
        final String name;
        final List<String> heard = new ArrayList<>();
        Bridge bridge;

        Caller(String name) {
            this.name = name;
        }

        @Override
        public UUID id() {
            return id;
        }

        @Override
        public String label() {
            return name;
        }

        @Override
        public void position(int position, int estimateMinutes) {
            heard.add("position " + position + (estimateMinutes > 0 ? " ~" + estimateMinutes + "min" : ""));
        }

        @Override
        public void connect(Bridge b) {
            bridge = b;
            heard.add("connect");
        }

        @Override
        public void requeued() {
            bridge = null;
            heard.add("requeued");
        }

        @Override
        public void completedByAttendant() {
            heard.add("completed");
        }

        @Override
        public void overflow(Overflow target) {
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

    static final class Attendant implements AttendantLine {
        final UUID id = UUID.randomUUID();
        final String name;
        final List<String> heard = new ArrayList<>();
        Bridge bridge;

        Attendant(String name) {
            this.name = name;
        }

        @Override
        public UUID id() {
            return id;
        }

        @Override
        public String label() {
            return name;
        }

        @Override
        public void connect(Bridge b) {
            bridge = b;
            heard.add("connect " + b.caller());
        }

        @Override
        public void disconnect(Bridge b, String why) {
            if (b == bridge) {
                bridge = null;
            }
            heard.add("disconnect " + why);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
