package io.ramal.gateway.codec;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A violation of the AudioSocket protocol: an unknown kind, a length that does not fit its
 * kind, or a connection closed inside a frame. The message says what was expected and what came;
 * the call that sees it is hung up, and no other call is affected.
 */
public class AudioSocketException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    public AudioSocketException(String message) {
        super(message);
    }
}
