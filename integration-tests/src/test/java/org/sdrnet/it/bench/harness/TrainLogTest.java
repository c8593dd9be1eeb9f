package org.sdrnet.it.bench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainLogTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSimSiamTermWhenLoggedAndNullAsNaN() throws IOException {
        Path f = dir.resolve("train-log.jsonl");
        Files.writeString(f, "{\"step\":10,\"loss\":-0.5,\"elapsedSec\":1.0}\n"
                + "{\"step\":20,\"loss\":-0.9,\"simsiam\":-0.7,\"elapsedSec\":2.0}\n"
                + "{\"step\":30,\"loss\":null,\"elapsedSec\":3.0}\n");
        TrainLog log = TrainLog.read(f);
        assertEquals(-0.5, log.points().get(0).loss());
        assertEquals(-0.7, log.points().get(1).loss());
        assertTrue(Double.isNaN(log.points().get(2).loss()));
        assertEquals(30, log.lastStep());
    }

    @Test
    void trainingSecondsAddUpTheInvocationsOfAResumedRun() {
        TrainLog log = new TrainLog(java.util.List.of(new TrainLog.Point(10, 0, 5), new TrainLog.Point(20, 0, 9),
                new TrainLog.Point(30, 0, 4), new TrainLog.Point(40, 0, 8)));
        assertEquals(9 + 8, log.trainingSeconds(), 1e-9);
        assertEquals(0, new TrainLog(java.util.List.of()).trainingSeconds());
    }

    @Test
    void aBadLineIsAnErrorNamingFileAndLine() throws IOException {
        Path f = dir.resolve("train-log.jsonl");
        Files.writeString(f, "{\"step\":1}\nnot json\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainLog.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 2"), e.getMessage());
    }
}
