package io.ramal.gateway.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The header's one writer and reader agree with each other and with the decoder. */
class AudioSocketHeaderTest {

    @Test
    void aWrittenHeaderDecodesToItsKindAndLength() {
        for (AudioSocketKind kind : new AudioSocketKind[] {AudioSocketKind.AUDIO_8K, AudioSocketKind.AUDIO_48K,
                AudioSocketKind.DTMF, AudioSocketKind.HANGUP}) {
            int length = kind.isAudio() ? kind.format().frameBytes() : kind == AudioSocketKind.DTMF ? 1 : 0;
            ByteBuf wire = Unpooled.buffer();
            AudioSocketHeader.write(wire, kind, length);
            assertEquals(AudioSocketHeader.BYTES, wire.readableBytes());
            for (int i = 0; i < length; i++) {
                wire.writeByte(kind == AudioSocketKind.DTMF ? '5' : i);
            }
            EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
            ch.writeInbound(wire);
            AudioSocketFrame f = ch.readInbound();
            assertSame(kind, f.kind());
            assertEquals(length, f.content().readableBytes());
            f.release();
            assertFalse(ch.finish());
        }
    }

    @Test
    void theArrayWriterWritesTheSameBytesAndTheReadersReadThemBack() {
        ByteBuf buf = Unpooled.buffer();
        AudioSocketHeader.write(buf, AudioSocketKind.AUDIO_16K, 640);
        byte[] arr = new byte[AudioSocketHeader.BYTES + 2];
        AudioSocketHeader.write(arr, 2, AudioSocketKind.AUDIO_16K, 640);
        byte[] fromBuf = new byte[AudioSocketHeader.BYTES];
        buf.getBytes(0, fromBuf);
        assertArrayEquals(fromBuf, java.util.Arrays.copyOfRange(arr, 2, 2 + AudioSocketHeader.BYTES));
        assertEquals(0x12, AudioSocketHeader.kindByte(buf, 0));
        assertEquals(640, AudioSocketHeader.length(buf, 0));
        assertEquals(0x12, AudioSocketHeader.kindByte(arr, 2));
        assertEquals(640, AudioSocketHeader.length(arr, 2));
        assertEquals(0, buf.readerIndex(), "readers move no index");
        buf.release();
    }

    @Test
    void theLongestLengthFitsAndLongerIsRefused() {
        ByteBuf buf = Unpooled.buffer();
        AudioSocketHeader.write(buf, AudioSocketKind.ERROR, AudioSocketHeader.MAX_LENGTH);
        assertEquals(0xffff, AudioSocketHeader.length(buf, 0));
        assertThrows(AudioSocketException.class,
                () -> AudioSocketHeader.write(buf, AudioSocketKind.ERROR, AudioSocketHeader.MAX_LENGTH + 1));
        assertThrows(AudioSocketException.class, () -> AudioSocketHeader.write(new byte[3], 0, AudioSocketKind.ID, -1));
        assertEquals(AudioSocketHeader.BYTES, buf.writerIndex(), "nothing written for a refused length");
        buf.release();
    }

    @Test
    void findGivesTheKindOfAByteOrNullForAStranger() {
        assertSame(AudioSocketKind.AUDIO_8K, AudioSocketKind.find(0x10));
        assertSame(AudioSocketKind.ERROR, AudioSocketKind.find(0xff));
        assertSame(AudioSocketKind.HANGUP, AudioSocketKind.find(0x00));
        assertNull(AudioSocketKind.find(0x42));
    }
}
