package io.ramal.gateway.call;

/**
 * Where finished calls' records go. Called on the call's event loop as the call ends: an
 * implementation must return at once (hand the write to a worker), must not block and must not
 * throw.
 */
@FunctionalInterface
public interface CallRecorder {

    /** Records nothing: tests and the start-up warm-up. */
    CallRecorder NONE = record -> { };

    /** Takes the record of a call that has just ended. */
    void ended(CallRecord record);
}
