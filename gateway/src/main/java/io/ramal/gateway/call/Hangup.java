package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.ramal.gateway.codec.AudioSocketEncoder;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How the gateway ends a connection: the AudioSocket hangup frame, then close. A peer that stopped
 * reading would keep the socket open for ever, so after the grace the channel closes regardless,
 * with SO_LINGER 0 (a reset) rather than leave the kernel holding the bytes the peer never read.
 * Runs on the channel's event loop.
 */
final class Hangup {

    private static final Logger LOG = LoggerFactory.getLogger(Hangup.class);

    private Hangup() {
    }

    /** Sends the hangup frame and closes; aborts the connection if it is still open after {@code grace}. */
    static void sendAndClose(Channel channel, Duration grace) {
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        ByteBuf hangup = channel.alloc().ioBuffer(AudioSocketHeader.BYTES);
        AudioSocketEncoder.encode(AudioSocketKind.HANGUP, Unpooled.EMPTY_BUFFER, hangup);
        channel.writeAndFlush(hangup).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                abort(channel);
            }
        }, grace.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes with SO_LINGER 0: the kernel drops what the peer never read and sends a reset. */
    static void abort(Channel channel) {
        try {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException e) {
            LOG.debug("SO_LINGER not set remote={} cause=\"{}\"", channel.remoteAddress(), e.toString());
        }
        channel.close();
    }
}
