package org.sdrnet.pretrain;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.TrainingSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run reports its start, every step and its end to listeners; the built-in log and checkpoints are listeners too. */
class TrainingListenerTest {

    /** Records what it hears. */
    private static final class Recorder implements TrainingListener {
        TrainingListener.RunStart start;
        final List<String> steps = new ArrayList<>();
        TrainingSummary end;
        boolean closed;

        @Override public void onStart(RunStart run) { start = run; }
        @Override public void onStep(StepEnd s) {
            steps.add(s.stepsDone() + (s.logged() ? "L" : "") + (s.epochEnd() ? "E" : "") + (s.last() ? "!" : ""));
        }
        @Override public void onEnd(TrainingSummary summary) { end = summary; }
        @Override public void close() { closed = true; }
    }

    /** Eight images, batch 2: four steps per epoch, two epochs. */
    private static LoopSettings loop() {
        return LoopSettings.defaults().withEpochs(2).withBatchSize(2).withLogEvery(2).withCheckpointEvery(3)
                .withWarmupEpochs(0).withProgress(false);
    }

    private static List<Long> loggedSteps(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Long> steps = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(TrainingLoop.LOG_FILE))) {
            steps.add(json.readTree(line).get("step").asLong());
        }
        return steps;
    }

    @Test
    void aListenerHearsEveryStepInOrderAndTheRunsEnd(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingSummary s = new TrainingLoop(new SumObjective(m, List.of()), SumObjective.pool(), loop(), Device.cpu())
                    .withListener(r).run(dir, false, m);
            assertEquals(new TrainingListener.RunStart("test", 0, 8, 8, 4), r.start);
            assertEquals(List.of("1", "2L", "3", "4LE", "5", "6L", "7", "8LE!"), r.steps);
            assertEquals(s, r.end);
            assertTrue(r.closed);
        }
        assertEquals(List.of(2L, 4L, 6L, 8L), loggedSteps(dir));
    }

    @Test
    void aResumedRunStartsWhereTheCheckpointIsAndTheLogForgetsTheStepsAfterIt(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            new TrainingLoop(new SumObjective(m, List.of()), SumObjective.pool(), loop().withStopAfterStep(5), Device.cpu())
                    .run(dir, false, m);
        }
        assertEquals(5, CheckpointStore.manifest(dir.resolve(TrainingLoop.CHECKPOINT_DIR)).progress().globalStep(),
                "the stopped run's last step is checkpointed");
        assertEquals(List.of(2L, 4L, 5L), loggedSteps(dir));
        Recorder r = new Recorder();
        try (NDManager m = NDManager.newBaseManager()) {
            new TrainingLoop(new SumObjective(m, List.of()), SumObjective.pool(), loop(), Device.cpu()).withListener(r)
                    .run(dir, true, m);
        }
        assertEquals(5, r.start.startStep());
        assertEquals(List.of("6L", "7", "8LE!"), r.steps);
        assertEquals(List.of(2L, 4L, 5L, 6L, 8L), loggedSteps(dir));
    }

    @Test
    void aTornLastLogLineIsDroppedOnResumeAndAGarbledEarlierOneIsNamed(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            new TrainingLoop(new SumObjective(m, List.of()), SumObjective.pool(), loop().withStopAfterStep(5), Device.cpu())
                    .run(dir, false, m);
        }
        Path log = dir.resolve(TrainingLoop.LOG_FILE);
        Files.writeString(log, "{\"step\":6,\"lo", java.nio.file.StandardOpenOption.APPEND); // killed mid-append
        try (NDManager m = NDManager.newBaseManager()) {
            new TrainingLoop(new SumObjective(m, List.of()), SumObjective.pool(), loop(), Device.cpu()).run(dir, true, m);
        }
        assertEquals(List.of(2L, 4L, 5L, 6L, 8L), loggedSteps(dir));

        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.add(1, "not json");
        Files.write(log, lines);
        Files.move(dir.resolve(TrainingLoop.CHECKPOINT_DIR), dir.resolve("kept"));
        try (NDManager m = NDManager.newBaseManager()) {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> new TrainingLoop(
                    new SumObjective(m, List.of()), SumObjective.pool(), loop(), Device.cpu()).run(dir, true, m));
            assertTrue(e.getMessage().contains("line 2 is not JSON"), e.getMessage());
        }
    }

    @Test
    void listenersAreClosedWhenARunFails(@TempDir Path dir) {
        Recorder r = new Recorder();
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoop failing = new TrainingLoop(new SumObjective(m, List.of(0, 1, 2, 3, 4, 5, 6, 7)), SumObjective.pool(),
                    loop(), Device.cpu()).withListener(r);
            assertThrows(IllegalStateException.class, () -> failing.run(dir, false, m));
        }
        assertTrue(r.closed);
        assertEquals(null, r.end);
    }
}
