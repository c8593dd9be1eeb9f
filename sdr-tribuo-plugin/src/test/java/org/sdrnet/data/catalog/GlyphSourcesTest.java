package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** P3 and D3: with system fonts (no data needed) and with the fetched font packages. */
class GlyphSourcesTest {

    @TempDir
    Path empty;

    private static Set<String> families(List<GlyphSources.Glyph> glyphs) {
        return glyphs.stream().map(GlyphSources.Glyph::family).collect(Collectors.toSet());
    }

    @Test
    void withoutFetchedFontsThePoolFallsBackToSystemFontsDeterministically() {
        DataPaths none = DataPaths.at(empty);
        assertFalse(FontLibrary.forPaths(none).isFetched());
        ImageSet a = GlyphSources.pool().load(none, Preset.TINY, 3);
        assertEquals(Preset.TINY.poolPerDomain(), a.size());
        assertEquals(1, a.channels());
        assertEquals(32, a.imageSize());
        assertEquals(62, a.numClasses());
        assertEquals(a.fingerprint(), GlyphSources.pool().load(none, Preset.TINY, 3).fingerprint(), "same seed, same pool");
        assertNotEquals(a.fingerprint(), GlyphSources.pool().load(none, Preset.TINY, 4).fingerprint());
    }

    @Test
    void systemFontSplitHoldsOutAQuarterOfFamiliesAndTheTaskNeverMixesThem() {
        FontLibrary fonts = FontLibrary.system();
        FontLibrary.FamilySplit split = fonts.split(GlyphSources.DEFAULT_SPLIT_SEED);
        int n = fonts.families().size();
        assertEquals(Math.max(1, Math.round(n * 0.25)), split.test().size());
        assertEquals(n, split.train().size() + split.test().size());
        GlyphSources.TaskPlan plan = GlyphSources.taskPlan(fonts, Preset.TINY, GlyphSources.DEFAULT_SPLIT_SEED, 1);
        assertDisjointFamilies(plan);
        assertTrue(split.train().containsAll(families(GlyphSources.poolPlan(fonts, 500, GlyphSources.DEFAULT_SPLIT_SEED, 1))),
                "P3 uses training families only");
        List<GlyphSources.Glyph> letters = GlyphSources.poolPlan(fonts, GlyphSources.LETTERS_BOTH_CASES, 500,
                GlyphSources.DEFAULT_SPLIT_SEED, 1);
        assertTrue(split.train().containsAll(families(letters)), "L1 uses training families only");
        assertTrue(letters.stream().allMatch(g -> Character.isLetter(g.character())), "L1 has no digits");

        DownstreamTask task = GlyphSources.task().load(DataPaths.at(empty), Preset.TINY, 1);
        ImageSet train = task.splits().get(0).train();
        ImageSet test = task.splits().get(0).test();
        assertEquals(26, train.numClasses());
        assertEquals(List.of("A", "B"), train.classNames().subList(0, 2));
        assertEquals(1, test.channels());
        assertEquals(plan.test().size(), test.size());
        assertTrue(task.description().contains("installed on this machine"), task.description());
    }

    @Test
    void fetchedFontsGiveThirtyFiveUnseenFamiliesAndBalancedLetters() {
        Path dir = RealData.require("fonts").resolve("fonts");
        long t0 = System.nanoTime();
        FontLibrary fonts = FontLibrary.fromDirectory(dir);
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        assertSame(fonts, FontLibrary.forPaths(RealData.paths()), "fonts load once per run");
        long againMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("fonts: %s, load %d ms (again %d ms), %d rejected%n", fonts, firstMs, againMs,
                fonts.rejected().size());

        assertTrue(fonts.isFetched());
        assertTrue(fonts.families().size() >= 100, "families: " + fonts.families().size());
        assertTrue(fonts.faceCount() >= 250, "faces: " + fonts.faceCount());
        for (String symbol : FontLibrary.SYMBOL_FAMILIES) {
            assertFalse(fonts.families().contains(symbol), symbol);
        }
        assertTrue(fonts.families().containsAll(List.of("DejaVu Sans", "Liberation Serif", "Lato", "Noto Sans")));
        assertFalse(fonts.families().contains("Noto Sans Arabic"), "faces without Latin letters are dropped");

        FontLibrary.FamilySplit split = fonts.split(GlyphSources.DEFAULT_SPLIT_SEED);
        assertEquals(FontLibrary.HELD_OUT_FAMILIES, split.test().size());
        assertEquals(split, fonts.split(GlyphSources.DEFAULT_SPLIT_SEED), "the split is a function of its seed");

        GlyphSources.TaskPlan tiny = GlyphSources.taskPlan(fonts, Preset.TINY, GlyphSources.DEFAULT_SPLIT_SEED, 5);
        assertDisjointFamilies(tiny);
        int[] trainHist = histogram(tiny.train());
        int[] testHist = histogram(tiny.test());
        assertTrue(Arrays.stream(trainHist).allMatch(c -> c == Preset.TINY.trainPerClass()), Arrays.toString(trainHist));
        assertEquals(Preset.TINY.maxTest(), tiny.test().size());
        // 200 test glyphs over 26 equally frequent letters: 7 or 8 each.
        assertTrue(Arrays.stream(testHist).allMatch(c -> c == 7 || c == 8), Arrays.toString(testHist));

        GlyphSources.TaskPlan full = GlyphSources.taskPlan(fonts, Preset.FULL, GlyphSources.DEFAULT_SPLIT_SEED, 5);
        assertDisjointFamilies(full);
        int trainFaces = split.train().stream().mapToInt(f -> fonts.faces(f).size()).sum();
        int testFaces = split.test().stream().mapToInt(f -> fonts.faces(f).size()).sum();
        assertEquals(26 * trainFaces, full.train().size());
        assertEquals(26 * testFaces, full.test().size());
        System.out.printf("D3 full: %d train families (%d faces), %d test families (%d faces)%n",
                split.train().size(), trainFaces, split.test().size(), testFaces);

        ImageSet pool = GlyphSources.pool().load(RealData.paths(), Preset.TINY, 9);
        assertEquals(200, pool.size());
        assertTrue(split.train().containsAll(families(GlyphSources.poolPlan(fonts, 2000, GlyphSources.DEFAULT_SPLIT_SEED, 9))));
    }

    private static void assertDisjointFamilies(GlyphSources.TaskPlan plan) {
        Set<String> train = families(plan.train());
        Set<String> test = families(plan.test());
        Set<String> both = new HashSet<>(train);
        both.retainAll(test);
        assertTrue(both.isEmpty(), "families in both train and test: " + both);
        assertTrue(plan.split().test().containsAll(test));
        assertTrue(plan.split().train().containsAll(train));
        assertFalse(test.isEmpty());
    }

    private static int[] histogram(List<GlyphSources.Glyph> glyphs) {
        int[] h = new int[26];
        glyphs.forEach(g -> h[GlyphSources.LETTERS.indexOf(g.character())]++);
        return h;
    }
}
