package io.ramal.extensions.cli;

import java.util.Map;

/**
 * The listener states of the running gateway, for {@code ramal extensions list}: a row can be
 * valid in the store and still fail at run time (a port taken by another process). Empty when
 * no gateway answers.
 */
@FunctionalInterface
public interface LiveStates {

    /** A listener's state and the reason it is not bound, or null. */
    record State(String state, String reason) {
    }

    /** States by ramal; empty when the gateway cannot be asked. */
    Map<String, State> fetch();

    /** No gateway to ask. */
    LiveStates NONE = Map::of;
}
