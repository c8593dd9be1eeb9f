package org.sdrnet.it.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsPublisherTest {
    @TempDir
    Path tmp;

    private Path resultsDir(String experiment, boolean pipelineCheck) throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("runs/sdr-all/level-0/checkpoint"));
        Files.writeString(out.resolve("runs/sdr-all/level-0/checkpoint/model.tensors"), "big");
        Files.writeString(out.resolve("results.json"), "{\"experiment\":\"" + experiment + "\",\"budget\":{\"name\":\"b\",\"pipelineCheck\":"
                + pipelineCheck + "}}");
        Files.writeString(out.resolve("table.md"), "t");
        Files.write(out.resolve("accuracy.png"), new byte[] {1, 2});
        Files.writeString(out.resolve("notes.txt"), "not published");
        return out;
    }

    @Test
    void copiesOnlyTheSmallTopLevelFilesAndReplacesAnEarlierPublication() throws IOException {
        Path root = tmp.resolve("repo");
        Path target = root.resolve("docs/results/sdr-vs-unified");
        Files.createDirectories(target);
        Files.writeString(target.resolve("results.json"), "{}");
        Files.writeString(target.resolve("routing-D9.png"), "stale");
        Path published = ResultsPublisher.publish(resultsDir("sdr-vs-unified", false), root);
        assertEquals(target, published);
        try (var s = Files.list(target)) {
            assertEquals(List.of("accuracy.png", "results.json", "table.md"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(target.resolve("runs")));
    }

    @Test
    void refusesAPipelineCheckAnUnknownExperimentAndAFolderThatIsNotResults() throws IOException {
        Path root = tmp.resolve("repo");
        IllegalArgumentException check = assertThrows(IllegalArgumentException.class,
                () -> ResultsPublisher.publish(resultsDir("sdr-vs-unified", true), root));
        assertTrue(check.getMessage().contains("pipeline check"), check.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ResultsPublisher.publish(resultsDir("nope", false), root));
        assertTrue(unknown.getMessage().contains("unknown experiment 'nope'") && unknown.getMessage().contains("sdr-vs-unified"),
                unknown.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ResultsPublisher.publish(tmp.resolve("nothing"), root));
        assertTrue(empty.getMessage().contains("no results.json"), empty.getMessage());
    }
}
