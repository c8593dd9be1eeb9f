package org.sdrnet.route.width;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the budget-aware width choice did for one task: every width of the DSPNet run with its parameters, measured
 * latency (batch 1 and 64) and transfer score, whether it fits the budget, and the choice. Rendered as a Markdown
 * table, JSON and a PNG chart of score against latency (the trade-off a budget cuts through).
 *
 * @param taskId           the task
 * @param run              the DSPNet run directory
 * @param scoreName        the transfer score
 * @param seed             seed of the score
 * @param trainImages      training images scored on (the only images the choice saw)
 * @param numClasses       classes of the task
 * @param trainFingerprint fingerprint of those images
 * @param budget           the budget
 * @param latencyMethod    how latency was measured (runtime, runs, threads, machine)
 * @param candidates       every width, narrowest first
 * @param choice           the chosen width multiplier
 * @param chosenFile       name of the chosen width's ONNX file, beside the report
 * @param totalSeconds     wall time of the whole choice (exports, timing, scoring)
 */
public record WidthReport(String taskId, String run, String scoreName, long seed, int trainImages, int numClasses,
                          String trainFingerprint, WidthBudget budget, String latencyMethod, List<WidthCandidate> candidates,
                          double choice, String chosenFile, double totalSeconds) {
    /** The report's JSON file name. */
    public static final String JSON_FILE = "width-report.json";
    /** The report's Markdown file name. */
    public static final String MARKDOWN_FILE = "width-report.md";
    /** The trade-off chart's file name. */
    public static final String CHART_FILE = "width-tradeoff.png";

    public WidthReport {
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(budget, "budget");
        if (candidates.stream().noneMatch(c -> c.width() == choice)) {
            throw new IllegalArgumentException("chosen width " + choice + " is not among the candidates "
                    + candidates.stream().map(WidthCandidate::width).toList());
        }
    }

    /** The chosen candidate. */
    @JsonIgnore
    public WidthCandidate chosen() {
        return candidates.stream().filter(c -> c.width() == choice).findFirst().orElseThrow();
    }

    /** The best-scoring width regardless of the budget (what the budget cost is measured against). */
    @JsonIgnore
    public WidthCandidate bestUnconstrained() {
        return WidthChoice.choose(candidates, WidthBudget.none(), "report");
    }

    /** A Markdown table of every width, with the budget and the choice. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Width choice for task %s from dspnet run %s by %s (seed %d): %d training images, "
                + "%d classes; budget: %s.%n%n", taskId, run, scoreName, seed, trainImages, numClasses, budget.describe()));
        sb.append("| width | backbone | channels | parameters | ms/image (batch 1) | ms/image (batch 64) | ")
                .append(scoreName).append(" score | within budget | |\n");
        sb.append("|---:|---|---|---:|---:|---:|---:|---|---|\n");
        for (WidthCandidate c : candidates) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %.4f | %.4f | %.4f | %s | %s |%n", WidthChoice.plain(c.width()),
                    c.spec(), c.channels().stream().map(String::valueOf).collect(Collectors.joining("-")), c.params(),
                    c.latency().msPerImageBatch1(), c.latency().msPerImageBatch64(), c.score(), c.fits() ? "yes" : "no",
                    c.width() == choice ? "**chosen**" : ""));
        }
        WidthCandidate best = bestUnconstrained();
        sb.append(String.format(Locale.ROOT, "%nChosen: width %s (%s), score %.4f%s. Latency: %s. Total %.1f s.%n",
                WidthChoice.plain(choice), chosenFile, chosen().score(), best.width() == choice ? ", the best width"
                        : String.format(Locale.ROOT, "; the best width without the budget is %s (score %.4f, %+.4f)",
                        WidthChoice.plain(best.width()), best.score(), chosen().score() - best.score()),
                latencyMethod, totalSeconds));
        return sb.toString();
    }

    /** The report as indented JSON. */
    public String toJson() {
        try {
            return Json.INDENTED.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise the width report of task " + taskId, e);
        }
    }

    /** Reads a report written by {@link #writeFiles}; a missing or malformed file is an error naming it. */
    public static WidthReport read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no width report at " + file);
        }
        try {
            return Json.INDENTED.readValue(file.toFile(), WidthReport.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("width report " + file + " is not readable: " + e.getMessage(), e);
        }
    }

    /** The trade-off chart as PNG bytes. */
    public byte[] chartPng() {
        return WidthChart.png(this);
    }

    /** Writes {@link #JSON_FILE}, {@link #MARKDOWN_FILE} and {@link #CHART_FILE} into {@code dir}, each atomically. */
    public void writeFiles(Path dir) {
        AtomicFiles.writeString(dir.resolve(JSON_FILE), toJson());
        AtomicFiles.writeString(dir.resolve(MARKDOWN_FILE), toMarkdown());
        AtomicFiles.writeBytes(dir.resolve(CHART_FILE), chartPng());
    }
}
