package org.sdrnet.pretrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training log, as a listener: one JSON object per logged step, appended and flushed line by line. When a run
 * resumes at step N, lines for steps after N (written after the last checkpoint) are dropped first, so the log
 * matches the uninterrupted run's.
 */
public final class JsonLinesLog implements TrainingListener {
    private final Path file;

    /** A log written to {@code file}. */
    public JsonLinesLog(Path file) {
        this.file = file;
    }

    @Override
    public void onStart(RunStart run) {
        keepUpTo(run.startStep());
    }

    @Override
    public void onStep(StepEnd step) {
        if (step.logged()) {
            append(step.record());
        }
    }

    /**
     * Keeps only lines with {@code step <= resumedAt}. A torn last line (the process was killed while appending it) is
     * dropped; an unreadable line before it is an error naming the file and the line.
     */
    private void keepUpTo(long resumedAt) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record;
                try {
                    record = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    if (i == lines.size() - 1) {
                        continue; // torn by a kill mid-append: the checkpoint predates it, so nothing is lost
                    }
                    throw new UncheckedIOException("training log " + file + " line " + (i + 1) + " is not JSON: "
                            + e.getOriginalMessage(), e);
                }
                if (record.path("step").asLong(Long.MAX_VALUE) <= resumedAt) {
                    kept.add(line);
                }
            }
            AtomicFiles.write(file, tmp -> Files.write(tmp, kept, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare training log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record; a non-finite number (a skipped step's NaN loss) is written as null, keeping the line valid JSON. */
    public void append(Map<String, Object> record) {
        Map<String, Object> clean = new java.util.LinkedHashMap<>();
        record.forEach((k, v) -> clean.put(k, v instanceof Number n && !Double.isFinite(n.doubleValue()) ? null : v));
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(Json.MAPPER.writeValueAsString(clean));
            w.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to training log " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
