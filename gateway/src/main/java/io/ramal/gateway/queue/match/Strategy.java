package io.ramal.gateway.queue.match;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * How a queue picks among its free attendants when a caller is waiting. Each constant carries
 * its own pick; the matchmaker only asks it.
 */
public enum Strategy {
    /** The attendant free for the longest time (the default): work spreads evenly over time. */
    LONGEST_IDLE {
        @Override
        Attendant pick(List<Attendant> members, Attendant lastPicked, Random random) {
            Attendant pick = null;
            for (Attendant a : members) {
                if (a.state == Attendant.State.FREE && (pick == null || a.idleSince < pick.idleSince)) {
                    pick = a;
                }
            }
            return pick;
        }
    },
    /** The next free attendant after the one picked last, in login order. */
    ROUND_ROBIN {
        @Override
        Attendant pick(List<Attendant> members, Attendant lastPicked, Random random) {
            int start = lastPicked == null ? 0 : members.indexOf(lastPicked) + 1;
            for (int i = 0; i < members.size(); i++) {
                Attendant a = members.get((start + i) % members.size());
                if (a.state == Attendant.State.FREE) {
                    return a;
                }
            }
            return null;
        }
    },
    /** The attendant who answered the fewest calls since logging in; ties go to the longest idle. */
    FEWEST_CALLS {
        @Override
        Attendant pick(List<Attendant> members, Attendant lastPicked, Random random) {
            Attendant pick = null;
            for (Attendant a : members) {
                if (a.state == Attendant.State.FREE && (pick == null || a.calls < pick.calls
                        || (a.calls == pick.calls && a.idleSince < pick.idleSince))) {
                    pick = a;
                }
            }
            return pick;
        }
    },
    /** Any free attendant, uniformly. */
    RANDOM {
        @Override
        Attendant pick(List<Attendant> members, Attendant lastPicked, Random random) {
            Attendant pick = null;
            int free = 0;
            for (Attendant a : members) {
                if (a.state == Attendant.State.FREE && random.nextInt(++free) == 0) {
                    pick = a; // reservoir sampling: uniform over the free ones
                }
            }
            return pick;
        }
    };

    /**
     * The free attendant this strategy picks, or null when none is free.
     *
     * @param members    the queue's attendants, in login order
     * @param lastPicked the attendant this queue picked last (null at first), for round-robin
     * @param random     the matchmaker's source, for random
     */
    abstract Attendant pick(List<Attendant> members, Attendant lastPicked, Random random);

    /** The name as written in settings: {@code longest-idle}, {@code round-robin}... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException naming {@code key}, the value and the names allowed
     */
    public static Strategy parse(String key, Object value) {
        String s = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        for (Strategy st : values()) {
            if (st.wireName().equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException(key + "=" + value + " is invalid, allowed: "
                + Arrays.stream(values()).map(Strategy::wireName).collect(Collectors.joining(", ")));
    }
}
