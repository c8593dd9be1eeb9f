package org.sdrnet.it.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ablation table: means, differences, losses and the worst task from comparison files; bad directories named. */
class AblationTableTest {
    private static Path row(Path dir, String name, String json) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("comparison.json"), json);
        return d;
    }

    @Test
    void oneLinePerRowWithMeansAndTheRoutedDifference(@TempDir Path dir) throws Exception {
        Path a = row(dir, "a0-defaults", """
                {"rows": [
                 {"task": "D1", "accuracy": {"routed/linear": 0.80, "unified/linear": 0.85, "oracle/linear": 0.86,
                   "routed/knn": 0.70, "unified/knn": 0.72, "pixels/linear": 0.83}},
                 {"task": "D2", "accuracy": {"routed/linear": 0.78, "unified/linear": 0.76, "oracle/linear": 0.79,
                   "routed/knn": 0.69, "unified/knn": 0.66, "pixels/linear": 0.75}}]}""");
        String md = AblationTable.markdown(List.of(AblationTable.read(a)));
        // linear: unified 80.5, routed 79.0, oracle 82.5, pixels 79.0; kNN: unified 69.0, routed 69.5; no random init
        assertTrue(md.contains("| a0-defaults | 80.5 | 79.0 | 82.5 | – | 79.0 | – | 69.0 | 69.5 | – | – | – | – | -1.5 | +0.5 | 1 | D1 -5.0 |"), md);
        assertTrue(md.contains("Means over D1, D2"), md);
    }

    @Test
    void aDirectoryWithoutComparisonOrWithRaggedColumnsIsNamed(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AblationTable.read(dir.resolve("none")));
        assertTrue(e.getMessage().contains("none") && e.getMessage().contains("comparison.json"), e.getMessage());
        Path ragged = row(dir, "ragged", """
                {"rows": [{"task": "D1", "accuracy": {"routed/linear": 0.8, "unified/linear": 0.8, "oracle/linear": 0.9}},
                          {"task": "D2", "accuracy": {"routed/linear": 0.8, "unified/linear": 0.8}}]}""");
        e = assertThrows(IllegalArgumentException.class, () -> AblationTable.read(ragged));
        assertTrue(e.getMessage().contains("oracle/linear has 1 tasks of 2"), e.getMessage());
        Path empty = row(dir, "empty", "{\"rows\": []}");
        e = assertThrows(IllegalArgumentException.class, () -> AblationTable.read(empty));
        assertTrue(e.getMessage().contains("no routed and unified"), e.getMessage());
        assertEquals("ragged", ragged.getFileName().toString());
    }
}
