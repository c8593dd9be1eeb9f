package org.sdrnet.it.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.io.Json;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeds summarised from per-seed tables: task means, every pairwise difference, and the per-task paired difference. */
class SeedSummaryTest {

    /** Routed = unified + {@code gain} on both tasks; pixels fixed. */
    private static Path seedFile(Path dir, String name, double unified, double gain) throws IOException {
        ResultsTable t = new ResultsTable();
        for (String task : new String[] {"D1", "D2"}) {
            t.put(task, task, "routed", "linear", unified + gain);
            t.put(task, task, "unified", "linear", unified);
            t.put(task, task, "pixels", "linear", 0.5);
        }
        Path f = dir.resolve(name);
        Json.INDENTED.writeValue(f.toFile(), t.toData());
        return f;
    }

    @Test
    void pairsEveryModelAndPairsTheFirstTwoPerTask(@TempDir Path dir) throws IOException {
        SeedSummary s = new SeedSummary();
        s.read(seedFile(dir, "a.json", 0.70, 0.01));
        s.read(seedFile(dir, "b.json", 0.72, 0.02));
        s.read(seedFile(dir, "c.json", 0.74, 0.03));
        String md = s.markdown(3);
        // routed − unified per seed: +1, +2, +3 points → mean +2.0, sd 1.0, t(2) 4.303 · 1 / √3 = 2.48
        assertTrue(md.contains("| routed − unified | +2.0 [-0.5, +4.5] |"), md);
        assertTrue(md.contains("| unified − pixels | +22.0 [+17.0, +27.0] |"), md);
        assertTrue(md.contains("| routed − pixels |"), md);
        assertTrue(md.contains("| D1 | 74.0 ± 3.0 | 72.0 ± 2.0 | 50.0 ± 0.0 | +2.0 [-0.5, +4.5] |"), md);
    }

    @Test
    void filesWithOtherTasksAreRefused(@TempDir Path dir) throws IOException {
        SeedSummary s = new SeedSummary();
        s.read(seedFile(dir, "a.json", 0.70, 0.01));
        ResultsTable other = new ResultsTable();
        other.put("D3", "D3", "routed", "linear", 0.6);
        Path f = dir.resolve("other.json");
        Json.INDENTED.writeValue(f.toFile(), other.toData());
        assertThrows(IllegalArgumentException.class, () -> s.read(f));
    }
}
