package org.sdrnet.route.width;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The budget rule on a fixed latency table (no timing involved): the best score among the widths that fit wins, equal
 * scores go to the narrower width, an impossible budget is one message naming the cheapest latency and size; the
 * report renders and round-trips.
 */
class WidthChoiceTest {
    /** Widths 0.25 … 1 with rising cost; 0.75 scores best, 1 second, 0.5 third, 0.25 last. */
    static List<WidthCandidate> table() {
        return List.of(
                candidate(0.25, 1_000, 0.10, 0.02, 0.60),
                candidate(0.5, 4_000, 0.20, 0.04, 0.70),
                candidate(0.75, 9_000, 0.40, 0.08, 0.80),
                candidate(1.0, 16_000, 0.80, 0.16, 0.75));
    }

    static WidthCandidate candidate(double w, long params, double ms1, double ms64, double score) {
        return new WidthCandidate(w, "micro-x" + w, List.of(8, 16), params, new WidthLatency(ms1, ms64), score, List.of(), false);
    }

    private static double choose(WidthBudget b) {
        return WidthChoice.choose(table(), b, "test run").width();
    }

    @Test
    void theBestScoringWidthWithinTheBudgetWins() {
        assertEquals(0.75, choose(WidthBudget.none()), "no budget: the best score");
        assertEquals(0.75, choose(WidthBudget.none().withMaxLatencyMs(0.4)), "the limit is inclusive");
        assertEquals(0.5, choose(WidthBudget.none().withMaxLatencyMs(0.39)), "0.75 is out; 0.5 beats 0.25");
        assertEquals(0.25, choose(WidthBudget.none().withMaxLatencyMs(0.15)));
        assertEquals(0.75, choose(WidthBudget.none().withMaxLatencyMs(0.1, WidthBudget.BATCH_MANY)), "batch 64 latencies apply");
        assertEquals(0.5, choose(WidthBudget.none().withMaxLatencyMs(0.05, WidthBudget.BATCH_MANY)));
        assertEquals(0.5, choose(WidthBudget.none().withMaxParams(8_999)));
        assertEquals(0.5, choose(WidthBudget.none().withMaxLatencyMs(1.0).withMaxParams(5_000)), "both limits apply");
        assertEquals(0.25, choose(WidthBudget.none().withMaxLatencyMs(0.3).withMaxParams(1_000)));
    }

    @Test
    void equalScoresGoToTheNarrowerWidthAndNaNNeverWins() {
        List<WidthCandidate> tie = List.of(candidate(0.5, 4, 0.2, 0.1, 0.7), candidate(1.0, 16, 0.8, 0.2, 0.7));
        assertEquals(0.5, WidthChoice.choose(tie, WidthBudget.none(), "t").width());
        List<WidthCandidate> nan = List.of(candidate(0.5, 4, 0.2, 0.1, Double.NaN), candidate(1.0, 16, 0.8, 0.2, 0.1));
        assertEquals(1.0, WidthChoice.choose(nan, WidthBudget.none(), "t").width());
    }

    @Test
    void aBudgetNoWidthFitsIsOneLineNamingTheCheapestOnOffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> choose(WidthBudget.none().withMaxLatencyMs(0.05)));
        assertEquals("no width of test run fits the budget (≤ 0.050 ms/image at batch 1): the fastest is x0.25 at 0.100 "
                + "ms/image (batch 1), the smallest x0.25 with 1,000 parameters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> choose(WidthBudget.none().withMaxParams(999)));
        assertTrue(e.getMessage().contains("≤ 999 parameters") && e.getMessage().contains("1,000 parameters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> choose(WidthBudget.none().withMaxLatencyMs(0.15).withMaxParams(500)));
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }

    @Test
    void badBudgetsAreRefusedNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WidthBudget.none().withMaxLatencyMs(0))
                .getMessage().contains("positive number of ms per image, got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WidthBudget.none().withMaxLatencyMs(1, 8))
                .getMessage().contains("batch must be 1 or 64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WidthBudget.none().withMaxParams(-3))
                .getMessage().contains("positive count, got -3"));
    }

    @Test
    void theReportRendersRoundTripsAndIsWrittenWholeOrNotAtAll(@TempDir Path dir) throws IOException {
        WidthBudget budget = WidthBudget.none().withMaxLatencyMs(0.3);
        List<WidthCandidate> judged = WidthChoice.judge(table(), budget);
        WidthReport r = new WidthReport("D1", "runs/dspnet", "knn", 7, 100, 10, "abc", budget, "fixed table", judged,
                WidthChoice.choose(judged, budget, "t").width(), "micro-x0.5.onnx", 1.5);
        String md = r.toMarkdown();
        assertTrue(md.contains("| 0.5 | micro-x0.5 | 8-16 | 4,000 | 0.2000 | 0.0400 | 0.7000 | yes | **chosen** |"), md);
        assertTrue(md.contains("| 1 | micro-x1.0 | 8-16 | 16,000 | 0.8000 | 0.1600 | 0.7500 | no |"), md);
        assertTrue(md.contains("the best width without the budget is 0.75 (score 0.8000, -0.1000)"), md);
        Files.writeString(dir.resolve(WidthReport.JSON_FILE), "an older report");
        r.writeFiles(dir);
        assertEquals(r, WidthReport.read(dir.resolve(WidthReport.JSON_FILE)));
        assertEquals(md, Files.readString(dir.resolve(WidthReport.MARKDOWN_FILE)));
        assertNotNull(ImageIO.read(dir.resolve(WidthReport.CHART_FILE).toFile()), "a readable PNG");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(WidthReport.JSON_FILE, WidthReport.MARKDOWN_FILE, WidthReport.CHART_FILE),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporaries left beside the files");
        }
        assertThrows(IllegalArgumentException.class, () -> new WidthReport("D1", "r", "knn", 7, 100, 10, "abc", budget, "t",
                judged, 0.3, "x.onnx", 1), "a choice that is not a candidate");
    }
}
