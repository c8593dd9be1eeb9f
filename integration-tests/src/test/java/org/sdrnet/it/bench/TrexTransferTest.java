package org.sdrnet.it.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.eval.TaskMetrics;
import org.sdrnet.it.bench.harness.Phases;
import org.sdrnet.it.bench.harness.ResultFiles;
import org.sdrnet.it.bench.harness.SeedStats;
import org.sdrnet.it.bench.harness.TrexTransferExperiment;
import org.sdrnet.it.bench.harness.TrexTransferReport;
import org.sdrnet.it.bench.harness.TrexTransferResults;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trex-transfer}: the models of a seed, the aggregates and paired differences on known accuracies (against
 * {@link TaskMetrics} and {@link SeedStats} by hand), bad arguments, and the whole pipeline at the {@code smoke} budget
 * (tiny data, 5 epochs): every model trains and is evaluated in-task (D3) and on transfer (D1, D5), the files are
 * written, a second invocation without {@code --reuse} is refused and with it reproduces the accuracies.
 */
class TrexTransferTest {

    @Test
    void aSeedPretrainsTrexAtEveryDepthPlainCrossEntropyAndTheCosineClassifier() {
        List<TrexTransferExperiment.ModelPlan> plan = TrexTransferExperiment.plan(List.of(3, 0, 2, 1));
        assertEquals(List.of("trex-h1", "trex-h0", "trex-h2", "trex-h3", "ce", "cosine-h1"),
                plan.stream().map(TrexTransferExperiment.ModelPlan::name).toList());
        assertEquals(Map.of("classifier", "linear", "localCrops", "0"), plan.get(4).options(), "plain CE: no projector, no multi-crop");
        assertEquals(Map.of("classifier", "cosine", "projectorDepth", "1"), plan.get(5).options());
        assertEquals(Map.of("classifier", "prototypes", "projectorDepth", "2"), plan.get(2).options());
        assertEquals(List.of("trex-h1", "ce", "cosine-h1"), TrexTransferExperiment.plan(List.of())
                .stream().map(TrexTransferExperiment.ModelPlan::name).toList());
    }

    private static TrexTransferResults seed(long seed, double trexIn, double trexOut, double ceIn, double ceOut) {
        List<TrexTransferResults.ModelResult> models = new ArrayList<>();
        models.add(model("trex-h1", "trex", 1, trexIn, trexOut));
        models.add(model("trex-h3", "trex", 3, trexIn - 0.1, trexOut + 0.05));
        models.add(model("ce", "ce", 0, ceIn, ceOut));
        models.add(model("cosine-h1", "cosine", 1, ceIn, ceOut));
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("name", "hand");
        budget.put("pipelineCheck", false);
        return new TrexTransferResults("trex-transfer", budget, seed, "cpu()", "L1, 100 images, 52 classes", List.of("D3"),
                List.of("D1", "D5"), models, List.of(new Phases.Phase("x", 1)), "by hand");
    }

    /** In-task accuracy {@code in} on D3; transfer {@code out} on D1 and {@code out}/2 on D5. */
    private static TrexTransferResults.ModelResult model(String name, String role, int h, double in, double out) {
        return new TrexTransferResults.ModelResult(name, role, h, Map.of(), Map.of("D3", in, "D1", out, "D5", out / 2), 10, 1.0);
    }

    @Test
    void aggregatesAndPairedDifferencesAreTheProjectsStatistics(@TempDir Path dir) throws Exception {
        List<TrexTransferResults> seeds = List.of(seed(42, 0.9, 0.8, 0.95, 0.6), seed(43, 0.8, 0.7, 0.9, 0.6),
                seed(44, 0.85, 0.9, 0.92, 0.5));
        TrexTransferResults s = seeds.get(0);
        assertEquals(TaskMetrics.aggregate(List.of(0.8, 0.4)).meanLogOdds(),
                TrexTransferReport.aggregate(s, s.model("trex-h1"), "transferLogOdds"), 1e-12);
        assertEquals(0.6, TrexTransferReport.aggregate(s, s.model("trex-h1"), "transferAccuracy"), 1e-12);
        assertEquals(Math.log(0.9 / 0.1), TrexTransferReport.aggregate(s, s.model("trex-h1"), "inTaskLogOdds"), 1e-12);

        Map<String, Object> summary = TrexTransferReport.summary(seeds);
        @SuppressWarnings("unchecked")
        Map<String, Object> vsCe = ((List<Map<String, Object>>) summary.get("differences")).get(0);
        assertEquals("trex-h1 − ce", vsCe.get("comparison"));
        double[] d = new double[3];
        for (int i = 0; i < 3; i++) {
            TrexTransferResults r = seeds.get(i);
            d[i] = TrexTransferReport.aggregate(r, r.model("trex-h1"), "transferLogOdds")
                    - TrexTransferReport.aggregate(r, r.model("ce"), "transferLogOdds");
        }
        assertEquals(SeedStats.of(d), vsCe.get("transferLogOdds"), "paired per seed, then SeedStats");
        assertTrue(((SeedStats) vsCe.get("inTaskAccuracy")).mean() < 0, "CE wins in-task in these numbers");

        List<Path> files = TrexTransferReport.writeSummary(dir, seeds, "by hand");
        assertEquals(3, files.size(), "seeds.md, seeds.json and the depth chart");
        assertNotNull(ImageIO.read(dir.resolve(TrexTransferReport.CHART).toFile()));
        String md = Files.readString(dir.resolve(TrexTransferReport.SEEDS_MD));
        assertTrue(md.contains("| trex-h1 − ce | ") && md.contains("Projector depth trade-off") && md.contains("In-task: D3; transfer: D1, D5"), md);
        assertTrue(md.contains(((SeedStats) vsCe.get("transferLogOdds")).meanIntervalPlain()), md);
    }

    @Test
    void badArgumentsAreRefusedNamingTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrexTransfer.run("smoke"))
                .getMessage().contains("expected BUDGET and OUT_DIR"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrexTransfer.run("smoke", "x", "--depths", "one"))
                .getMessage().contains("--depths needs projector depths like 0,1,2,3, got 'one'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrexTransfer.run("smoke", "x", "--depths", "-1,2"))
                .getMessage().contains("projector depths must be ≥ 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrexTransfer.run("smoke", "x", "--depths"))
                .getMessage().contains("--depths needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrexTransfer.run("smoke", "x", "--fast"))
                .getMessage().contains("unknown option --fast"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrexTransfer.run("smoke", "x", "--seeds", "0"))
                .getMessage().contains("--seeds needs"));
    }

    @Test
    void theSmokeBudgetRunsEveryModelWritesEveryFileAndIsReusable(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        TrexTransferResults r = TrexTransfer.run("smoke", out.toString(), "--device", "cpu").get(0);
        assertEquals(List.of("D3"), r.inTask());
        assertEquals(List.of("D1", "D5"), r.transfer());
        assertEquals(List.of("trex-h1", "ce", "cosine-h1"), r.models().stream().map(TrexTransferResults.ModelResult::model).toList());
        for (TrexTransferResults.ModelResult m : r.models()) {
            assertEquals(5, m.steps(), m.model() + ": 5 epochs of one batch of 64 of the 100 images");
            for (String t : r.tasks()) {
                double acc = m.accuracy().get(t);
                assertTrue(acc > 0 && acc <= 1, m.model() + " on " + t + ": " + acc);
            }
        }
        for (String f : List.of(ResultFiles.TABLE, ResultFiles.RESULTS, ResultFiles.PROVENANCE, TrexTransferReport.SEEDS_MD,
                TrexTransferReport.SEEDS_JSON)) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(out.resolve(ResultFiles.TABLE)).contains("these numbers mean nothing"));
        assertTrue(Files.readString(out.resolve(TrexTransferReport.SEEDS_MD)).contains("[one seed]"));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TrexTransfer.run("smoke", out.toString(), "--device", "cpu"));
        assertTrue(refused.getMessage().contains("rerun with --reuse"), refused.getMessage());
        TrexTransferResults again = TrexTransfer.run("smoke", out.toString(), "--device", "cpu", "--reuse").get(0);
        assertEquals(r.models().stream().map(TrexTransferResults.ModelResult::accuracy).toList(),
                again.models().stream().map(TrexTransferResults.ModelResult::accuracy).toList(), "reused runs give the same accuracies");
    }
}
