package org.sdrnet.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routing report's renderings: JSON round trip, Markdown table, PNG chart and provenance summary. */
class RoutingReportTest {
    private static RoutingReport report() {
        return new RoutingReport("D1", "knn", 42, 200, 10, "abc123", 2, 13, List.of(
                RoutingReport.Candidate.leaf(6, new int[] {0, 1, 1, 0}, 57, 41, 0.85, new double[] {0.8, 0.9}, 0.42),
                RoutingReport.Candidate.leaf(9, new int[] {1, 0, 0, 1}, 30, 22, 0.80, 0.38),
                RoutingReport.Candidate.unified(0.81, new double[] {0.79, 0.83}, 0.40)), "leaf 0-1-1-0", 0.3, 1.5, 800, 0, true);
    }

    @Test
    void jsonRoundTripsThroughAnAtomicWrite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out").resolve("report.json");
        report().writeJson(file);
        assertEquals(report(), RoutingReport.read(file));
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList(), "no temporary file left behind");
        }
        Files.writeString(dir.resolve("bad.json"), "{\"taskId\": 3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutingReport.read(dir.resolve("bad.json")));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RoutingReport.read(dir.resolve("none.json")));
        assertTrue(e.getMessage().contains("no routing report"), e.getMessage());
    }

    @Test
    void aReportWrittenBeforeFoldScoresReadsWithNone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.json");
        report().writeJson(file);
        String json = Files.readString(file).replaceAll("(?s),\\s*\"foldScores\"\\s*:\\s*\\[[^\\]]*\\]", "");
        assertTrue(!json.contains("foldScores"), json);
        Files.writeString(file, json);
        RoutingReport old = RoutingReport.read(file);
        assertEquals(List.of(), old.candidates().get(0).foldScores());
        assertEquals(report().candidates().get(0).score(), old.candidates().get(0).score());
        assertEquals(List.of(0.8, 0.9), report().candidates().get(0).foldScores());
        // and one written before BatchNorm recalibration reads as not recalibrated
        String older = Files.readString(file).replaceAll(",\\s*\"recalibratedBn\"\\s*:\\s*true", "");
        assertTrue(!older.contains("recalibratedBn"), older);
        Files.writeString(file, older);
        assertFalse(RoutingReport.read(file).recalibratedBn());
    }

    @Test
    void markdownListsEveryCandidateAndMarksTheChoice() {
        String md = report().toMarkdown();
        assertTrue(md.contains("| leaf 0-1-1-0 | 57 | 41 | 0.8500 | 0.42 | **chosen** |"), md);
        assertTrue(md.contains("| unified | – | – | 0.8100 | 0.40 |  |"), md);
        assertTrue(md.contains("2 of 13 non-empty leaves shortlisted") && md.contains("800 images through networks"), md);
    }

    @Test
    void chartIsAPngWithOneBarPerCandidate(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("routing.png");
        report().writeChart(png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        assertTrue(img.getWidth() >= 640 && img.getHeight() == 480, img.getWidth() + "x" + img.getHeight());
    }

    @Test
    void summaryNamesTheChoiceTheScoreAndEveryScoreAndMergesIntoProvenance() {
        Map<String, String> s = report().summary();
        assertEquals("leaf 0-1-1-0", s.get("routing.choice"));
        assertEquals("knn", s.get("routing.score"));
        assertEquals("0.8500", s.get("routing.choiceScore"));
        assertEquals("leaf 0-1-1-0=0.8500, leaf 1-0-0-1=0.8000, unified=0.8100", s.get("routing.scores"));
        assertEquals("800", s.get("routing.imagesProcessed"));
        assertEquals("true", s.get("routing.bnRecalibrated"));
        Backbone b = Backbone.randomInit(new ResNetSpec("micro", 3, 32, new int[] {4, 4, 4, 4}, new int[] {1, 1, 1, 1},
                new int[] {1, 2, 2, 2}), 1);
        Backbone annotated = report().annotate(b);
        assertEquals("random-init", annotated.provenance().get("method"), "existing provenance is kept");
        assertEquals("leaf 0-1-1-0", annotated.provenance().get("routing.choice"));
        assertEquals(b.weights(), annotated.weights());
    }

    @Test
    void aChoiceOutsideTheCandidatesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RoutingReport("D1", "knn", 1, 2, 2,
                "f", 1, 1, List.of(RoutingReport.Candidate.unified(0.5, 0)), "leaf 0-0", 0, 0, 0, 0, false));
        assertTrue(e.getMessage().contains("'leaf 0-0' is not among the candidates"), e.getMessage());
    }
}
