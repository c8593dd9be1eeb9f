package org.sdrnet.it.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.it.bench.harness.Experiment;
import org.sdrnet.it.bench.harness.ResultFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Copies an experiment's results directory into {@code docs/results/<experiment>/} for committing: only the small
 * top-level Markdown, JSON and PNG files, never {@code runs/} (checkpoints). The folder is replaced whole, so files
 * of an earlier publication (say, a task no longer run) do not linger; an existing folder is replaced only when it
 * holds a {@code results.json}. Results of a pipeline-check budget are refused: their numbers mean nothing.
 */
public final class ResultsPublisher {
    /** Where published results live, relative to the repository root. */
    public static final Path DOCS_RESULTS = Path.of("docs", "results");
    private static final List<String> KINDS = List.of(".md", ".json", ".png");

    private ResultsPublisher() {
    }

    /** Publishes {@code resultsDir} under {@code root}; returns the folder written. */
    public static Path publish(Path resultsDir, Path root) {
        Path resultsJson = resultsDir.resolve(ResultFiles.RESULTS);
        if (!Files.isRegularFile(resultsJson)) {
            throw new IllegalArgumentException(resultsDir + " is not an experiment's results directory (no " + ResultFiles.RESULTS + ")");
        }
        JsonNode results;
        try {
            results = new ObjectMapper().readTree(resultsJson.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(resultsJson + " is not readable JSON: " + e.getMessage(), e);
        }
        String experiment = Experiment.named(results.path("experiment").asText("")).name();
        JsonNode budget = results.path("budget");
        if (budget.path("pipelineCheck").asBoolean(false)) {
            throw new IllegalArgumentException(resultsDir + " holds results of budget '" + budget.path("name").asText()
                    + "', a pipeline check whose numbers mean nothing; not publishing them");
        }
        List<Path> files = smallFiles(resultsDir);
        Path target = root.resolve(DOCS_RESULTS).resolve(experiment);
        AtomicFiles.writeDirectory(target, ResultFiles.RESULTS, "published results folder", tmp -> {
            for (Path f : files) {
                Files.copy(f, tmp.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        });
        return target;
    }

    /** The top-level {@code .md}, {@code .json} and {@code .png} files of {@code dir}, sorted by name. */
    static List<Path> smallFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> KINDS.stream().anyMatch(k -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(k)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
