package io.ramal.gateway.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The days a report covers, in one time zone: from the start of {@code since} to the end of
 * {@code until} (both included), as the instants {@code [from, to)} the stores are queried with.
 * Days are the gateway's days: the zone is the one it runs in unless a report names another.
 *
 * @param from  the first instant included
 * @param to    the first instant not included
 * @param zone  the zone the days are cut in
 */
public record Window(Instant from, Instant to, ZoneId zone) {

    public Window {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the window's end " + to + " is not after its start " + from);
        }
    }

    /**
     * The days {@code since} to {@code until} (both included) in {@code zone}; {@code until} null
     * means today, and {@code since} null means today too.
     *
     * @throws IllegalArgumentException when {@code until} is before {@code since}
     */
    public static Window days(LocalDate since, LocalDate until, ZoneId zone, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate first = since == null ? today : since;
        LocalDate last = until == null ? (first.isAfter(today) ? first : today) : until;
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("until " + last + " is before since " + first);
        }
        return new Window(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant(),
                zone);
    }

    /** True when {@code at} is inside. */
    public boolean contains(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    /** The day of {@code at} in this window's zone. */
    public LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }
}
