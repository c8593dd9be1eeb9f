package org.sdrnet.it.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's {@code train-log.jsonl} as the harness needs it: the SimSiam loss per logged step, and the training time.
 * For SDR levels ≥ 1 the {@code simsiam} term is taken (the logged {@code loss} adds SiamKD), so every curve is the
 * same quantity.
 *
 * @param points logged steps in order
 */
public record TrainLog(List<Point> points) {

    /**
     * One logged step.
     *
     * @param step       optimizer steps done in this run
     * @param loss       the SimSiam loss; NaN when the step's loss was not finite (logged as null)
     * @param elapsedSec seconds since the start of the invocation that logged it (a resumed run starts again at 0)
     */
    public record Point(long step, double loss, double elapsedSec) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainLog {
        points = List.copyOf(points);
    }

    /** Reads {@code file}; a malformed line is an error naming the file and the line. */
    public static TrainLog read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no training log at " + file);
        }
        List<Point> points = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(lines.get(i));
                } catch (IOException e) {
                    throw new IllegalArgumentException("training log " + file + " line " + (i + 1) + " is not JSON: " + e.getMessage(), e);
                }
                if (!n.hasNonNull("step")) {
                    throw new IllegalArgumentException("training log " + file + " line " + (i + 1) + " has no step");
                }
                JsonNode loss = n.hasNonNull("simsiam") ? n.get("simsiam") : n.get("loss");
                points.add(new Point(n.get("step").asLong(), loss == null || loss.isNull() ? Double.NaN : loss.asDouble(),
                        n.path("elapsedSec").asDouble(0)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training log " + file, e);
        }
        return new TrainLog(points);
    }

    /** The last logged step (0 for an empty log). */
    public long lastStep() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).step();
    }

    /**
     * Seconds of training behind the logged steps, over every invocation: each resume restarts the clock, so the log
     * is cut where {@code elapsedSec} falls and the last time of each piece is summed. Time a killed invocation spent
     * after its last kept line is not counted.
     */
    public double trainingSeconds() {
        double total = 0;
        double previous = 0;
        for (Point p : points) {
            if (p.elapsedSec() < previous) {
                total += previous;
            }
            previous = p.elapsedSec();
        }
        return total + previous;
    }
}
