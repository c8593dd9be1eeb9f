package org.sdrnet.it.bench;

import org.junit.jupiter.api.Test;
import org.sdrnet.it.bench.harness.Phases;
import org.sdrnet.it.bench.harness.SeedStats;
import org.sdrnet.it.bench.harness.TecVsMaeReport;
import org.sdrnet.it.bench.harness.TecVsMaeResults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tec-vs-mae}'s statistics on known accuracies (against {@link SeedStats} by hand) and its argument checks. The
 * pipeline itself is checked by hand at the smoke budget (docs/benchmarks.md), not here: it trains three ViTs.
 */
class TecVsMaeTest {

    private static TecVsMaeResults seed(long seed, double base, double tec, double more) {
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("name", "hand");
        budget.put("pipelineCheck", false);
        return new TecVsMaeResults("tec-vs-mae", budget, seed, "cpu()", "mixed, 500 images", "vit-test", 5, 3, List.of("D1", "D5"),
                List.of(model("mae-base", 5, 5, base), model("tec", 3, 8, tec), model("mae-more", 3, 8, more)),
                List.of(new Phases.Phase("x", 1)), "by hand");
    }

    /** Accuracy {@code acc} on D1 and {@code acc}/2 on D5: mean 0.75·acc. */
    private static TecVsMaeResults.ModelResult model(String name, int own, int total, double acc) {
        return new TecVsMaeResults.ModelResult(name, own, total, Map.of("D1", acc, "D5", acc / 2), 10, 1.0);
    }

    @Test
    void summaryHasMeanSdPerModelAndPairedDifferences() {
        List<TecVsMaeResults> seeds = List.of(seed(42, 0.40, 0.50, 0.44), seed(43, 0.42, 0.49, 0.46), seed(44, 0.38, 0.50, 0.40));
        Map<String, Object> s = TecVsMaeReport.summary(seeds);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> diffs = (Map<String, Map<String, Object>>) s.get("pairedDifferences");
        SeedStats tecMinusBase = SeedStats.of(0.75 * (0.50 - 0.40), 0.75 * (0.49 - 0.42), 0.75 * (0.50 - 0.38));
        assertEquals(tecMinusBase.mean(), (double) diffs.get("tec - mae-base").get("mean"), 1e-12);
        assertEquals(tecMinusBase.low(), (double) diffs.get("tec - mae-base").get("low95"), 1e-12);
        SeedStats tecMinusMore = SeedStats.of(0.75 * (0.50 - 0.44), 0.75 * (0.49 - 0.46), 0.75 * (0.50 - 0.40));
        assertEquals(tecMinusMore.high(), (double) diffs.get("tec - mae-more").get("high95"), 1e-12);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> acc = (Map<String, Map<String, Object>>) s.get("meanAccuracy");
        assertEquals(SeedStats.of(0.75 * 0.40, 0.75 * 0.42, 0.75 * 0.38).sd(), (double) acc.get("mae-base").get("sd"), 1e-12);
        String md = TecVsMaeReport.summaryMarkdown(seeds, "cmd");
        assertTrue(md.contains("| tec - mae-base | " + tecMinusBase.meanInterval() + " |"), md);
        assertTrue(TecVsMaeReport.markdown(seeds.get(0)).contains("| tec | 3 | 8 | 37.5 |"), TecVsMaeReport.markdown(seeds.get(0)));
    }

    @Test
    void badArgumentsAreRefused() {
        assertEquals(5, TecVsMae.extraEpochs(null, 5));
        assertEquals(2, TecVsMae.extraEpochs("2", 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TecVsMae.extraEpochs("0", 5));
        assertTrue(e.getMessage().contains("--extra-epochs needs a positive number"), e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> TecVsMae.run("smoke", "/tmp/unused-tec",
                "--vit", "vit-huge"));
        assertTrue(v.getMessage().contains("unknown ViT preset 'vit-huge'"), v.getMessage());
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class, () -> TecVsMae.run("smoke", "/tmp/unused-tec",
                "--depths", "1"));
        assertTrue(o.getMessage().contains("unknown option --depths"), o.getMessage());
    }
}
