package org.sdrnet.it.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.it.bench.harness.DspNetVsSeparateReport;
import org.sdrnet.it.bench.harness.DspNetVsSeparateResults;
import org.sdrnet.it.bench.harness.ResultFiles;
import org.sdrnet.it.bench.harness.TrainingCost;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dspnet-vs-separate} end to end at the {@code smoke} budget (tiny backbone, 500 pool images, 5 epochs, D1 and
 * D5 at the tiny preset): every run trains, every width of both models is evaluated, the cost is counted as
 * documented, the files are written; a second invocation without {@code --reuse} is refused before any work, and with
 * it reuses every run and reproduces the accuracies.
 */
class DspNetVsSeparateTest {

    @Test
    void theSmokeBudgetRunsEveryPhaseWritesEveryFileAndIsReusable(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        List<DspNetVsSeparateResults> first = DspNetVsSeparate.run("smoke", out.toString(), "--device", "cpu");
        assertEquals(1, first.size());
        DspNetVsSeparateResults r = first.get(0);
        assertEquals(List.of("D1", "D5"), r.tasks());
        assertEquals(List.of(0.25, 0.5, 0.75, 1.0), r.widths().stream().map(DspNetVsSeparateResults.WidthResult::width).toList());
        assertEquals(List.of(4, 8, 16, 32), r.widths().get(0).channels(), "⌈0.25·C⌉ of tiny's 16-32-64-128");
        for (DspNetVsSeparateResults.WidthResult w : r.widths()) {
            for (String model : List.of(DspNetVsSeparateResults.DSPNET, DspNetVsSeparateResults.SEPARATE)) {
                for (String metric : List.of(TaskEvaluation.KNN, TaskEvaluation.LINEAR)) {
                    double acc = w.mean(model, metric, r.tasks());
                    assertTrue(acc > 0 && acc <= 1, model + " " + metric + " at " + w.width() + ": " + acc);
                }
            }
        }
        // the same steps for every run; a dspnet step runs the teacher and 3 widths on 2 views, a plain step 1 network
        long steps = r.dspnetCost().steps();
        assertEquals(4, r.separateCost().size());
        for (TrainingCost c : r.separateCost()) {
            assertEquals(steps, c.steps());
            assertEquals(2L * 64 * steps, c.imageViews());
            assertTrue(c.trainingSeconds() > 0, c.toString());
        }
        assertEquals(2L * 64 * 4 * steps, r.dspnetCost().imageViews());
        assertEquals(2.0 * 64 * steps * (1 + 0.25 * 0.25 + 0.5 * 0.5 + 0.75 * 0.75), r.separateTotal().weightedViews(), 1e-6);
        assertTrue(r.dspnetCost().trainingSeconds() > 0);

        for (String f : List.of(ResultFiles.TABLE, ResultFiles.RESULTS, ResultFiles.PROVENANCE, DspNetVsSeparateReport.SEEDS_MD,
                DspNetVsSeparateReport.SEEDS_JSON)) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertNotNull(ImageIO.read(out.resolve(DspNetVsSeparateReport.CHART).toFile()));
        String table = Files.readString(out.resolve(ResultFiles.TABLE));
        assertTrue(table.contains("these numbers mean nothing") && table.contains("| unified-x0.25 |")
                && table.contains("dspnet / separate total: image-views 100 %"), table);
        assertTrue(Files.readString(out.resolve(DspNetVsSeparateReport.SEEDS_MD)).contains("[one seed]"));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DspNetVsSeparate.run("smoke", out.toString(), "--device", "cpu"));
        assertTrue(refused.getMessage().contains("rerun with --reuse"), refused.getMessage());

        DspNetVsSeparateResults again = DspNetVsSeparate.run("smoke", out.toString(), "--device", "cpu", "--reuse").get(0);
        assertEquals(r.widths(), again.widths(), "reused runs give the same accuracies");
        assertEquals(r.dspnetCost().imageViews(), again.dspnetCost().imageViews());
    }

    @Test
    void badArgumentsAreRefusedNamingTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DspNetVsSeparate.run("smoke"))
                .getMessage().contains("expected BUDGET and OUT_DIR"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DspNetVsSeparate.run("huge", "x"))
                .getMessage().contains("unknown budget 'huge'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DspNetVsSeparate.run("smoke", "x", "--seeds", "0"))
                .getMessage().contains("--seeds needs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DspNetVsSeparate.run("smoke", "x", "--fast"))
                .getMessage().contains("unknown option --fast"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DspNetVsSeparate.run("smoke", "x", "--widths", "0.5,0.25,1"))
                .getMessage().contains("strictly ascending"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DspNetVsSeparate.run("smoke", "x", "--widths", "half,1"))
                .getMessage().contains("--widths needs comma-separated numbers"));
        assertArrayEquals(new double[] {0.25, 0.375, 0.5, 1.0}, DspNetVsSeparate.widths("0.25, 0.375,0.5,1"));
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1.0}, DspNetVsSeparate.widths(null), "dspnet's defaults");
    }
}
