package io.ramal.gateway.records;

import com.fasterxml.jackson.databind.JsonNode;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a database: a real echo call's record lands in the day's JSON-lines file, as the start-up line says. */
class RecordsFilesIT {

    @TempDir
    Path tmp;

    @Test
    void anEchoCallIsWrittenToTheDaysFile() throws Exception {
        Path files = tmp.resolve("records");
        UUID id = UUID.randomUUID();
        try (LogCapture log = LogCapture.info("ramal.records");
             Records r = Records.open(RecordsSettings.from(Map.of()), RamalConfig.DEFAULTS.db(), tmp.resolve("spool"),
                     files);
             TestGateway gw = new TestGateway(Handlers.withEcho(), TestGateway.shortTimeouts(), 1, r.calls())) {
            assertTrue(log.has("records writing to files dir=" + files), log.messages().toString());
            int port = TestGateway.port(gw.bindEcho("9000"));
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                c.sendId(id);
                byte[] frame = new byte[320];
                for (int f = 0; f < 10; f++) {
                    c.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                }
                c.send(AudioSocketKind.HANGUP, new byte[0], 0, 0);
                assertTrue(c.awaitClosed(Duration.ofSeconds(5)));
            }
            Path day = JsonLinesSink.file(files, Records.CALL_RECORDS, LocalDate.now(ZoneId.systemDefault()));
            Await.until(Duration.ofSeconds(10), "the record in " + day, () -> Files.exists(day) && lines(day) == 1);
            JsonNode rec = Records.json().readTree(Files.readAllLines(day).get(0));
            assertEquals(id.toString(), rec.get("callId").asText());
            assertEquals("9000", rec.get("extension").asText());
            assertEquals("echo", rec.get("mode").asText());
            assertEquals("completed", rec.get("outcome").asText());
            assertEquals("caller", rec.get("hangupSide").asText());
            assertEquals("remote-hangup", rec.get("endReason").asText());
            assertEquals(10, rec.get("framesIn").asLong());
            assertTrue(rec.get("remote").asText().startsWith("127.0.0.1:"), rec.toString());
            CallRecord back = Records.json().treeToValue(rec, CallRecord.class);
            assertEquals(List.of(), back.transfers());
        }
    }

    private static long lines(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (Exception e) {
            return -1;
        }
    }
}
