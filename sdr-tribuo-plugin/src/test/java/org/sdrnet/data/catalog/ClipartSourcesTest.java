package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DataException;
import org.sdrnet.data.DecodeResult;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.PngDecoder;
import org.sdrnet.data.TestImages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** D6 and P5 on the fetched clip art, the folder mapping, and bad files in a fake tree. */
class ClipartSourcesTest {

    /** Usable files per D6 class in openclipart-png 0.18 (after the 13 oversized files are left out). */
    private static final int[] D6_COUNTS = {316, 355, 301, 95, 149, 176};

    @TempDir
    Path tmp;

    @Test
    void folderMappingFollowsDataMd() {
        assertEquals(Optional.of("animals"), ClipartSources.d6Class("animals/birds/owl.png"));
        assertEquals(Optional.of("people"), ClipartSources.d6Class("people/clothing/hat.png"));
        assertEquals(Optional.of("people"), ClipartSources.d6Class("people/smilies.png"), "a file, not the sub-folder");
        assertEquals(Optional.empty(), ClipartSources.d6Class("people/smilies/grin.png"));
        assertEquals(Optional.empty(), ClipartSources.d6Class("people/stickmen/run.png"));
        assertEquals(Optional.of("vehicles"), ClipartSources.d6Class("transportation/boating/boat.png"));
        assertEquals(Optional.of("vehicles"), ClipartSources.d6Class("transportation/car.png"));
        assertEquals(Optional.empty(), ClipartSources.d6Class("transportation/roadsigns/stop.png"));
        assertEquals(Optional.empty(), ClipartSources.d6Class("transportation/aiga-symbols/taxi.png"));
        assertEquals(Optional.of("tools"), ClipartSources.d6Class("tools/weapons/axe.png"));
        assertEquals(Optional.empty(), ClipartSources.d6Class("shapes/stars/star.png"));
    }

    @Test
    void realSplitHasTheExpectedClassesAndKeepsTestImagesOutOfThePool() {
        Path root = ClipartSources.pngRoot(RealData.paths());
        long t0 = System.nanoTime();
        ClipartSources.Split split = ClipartSources.split(root, ClipartSources.DEFAULT_SPLIT_SEED);
        System.out.printf("D6 split (header checks of the labeled files) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertEquals(13, split.leftOut().size(), "11 food + 2 people files over 4000 px");
        assertTrue(split.leftOut().stream().allMatch(s -> s.reason().contains("4000 px")));
        int[] train = histogram(root, split.train());
        int[] test = histogram(root, split.test());
        for (int c = 0; c < 6; c++) {
            assertEquals(D6_COUNTS[c], train[c] + test[c], ClipartSources.D6_CLASSES.get(c));
            assertEquals(Math.round(D6_COUNTS[c] * ClipartSources.TEST_FRACTION), test[c], ClipartSources.D6_CLASSES.get(c));
        }
        Set<Path> pool = new HashSet<>(split.pool());
        assertTrue(split.test().stream().noneMatch(pool::contains), "a D6 test image is in P5");
        assertTrue(pool.containsAll(split.train()), "D6 training images stay in the pool");
        assertEquals(8121 - split.test().size(), split.pool().size());
        assertEquals(split, ClipartSources.split(root, ClipartSources.DEFAULT_SPLIT_SEED), "the split is a function of its seed");
    }

    @Test
    void tinyTaskAndPoolDecodeOnlyWhatTheyUseAndRepeatForASeed() {
        DataPaths paths = RealData.paths();
        long t0 = System.nanoTime();
        DownstreamTask task = ClipartSources.task().load(paths, Preset.TINY, 21);
        long taskMs = (System.nanoTime() - t0) / 1_000_000;
        ImageSet train = task.splits().get(0).train();
        ImageSet test = task.splits().get(0).test();
        assertEquals(ClipartSources.D6_CLASSES, train.classNames());
        assertArrayEquals(new int[] {20, 20, 20, 20, 20, 20}, train.classHistogram());
        assertEquals(200, test.size());
        // Proportional cap of the 419 test files: plants (29 of them) keep 14.
        assertEquals(14, test.classHistogram()[3]);
        assertEquals(3, train.channels());
        assertEquals(32, train.imageSize());

        t0 = System.nanoTime();
        ImageSet pool = ClipartSources.pool().load(paths, Preset.TINY, 21);
        long poolMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("clip art TINY: D6 load %d ms, P5 load %d ms%n", taskMs, poolMs);
        assertEquals(200, pool.size());
        assertEquals(22, pool.numClasses(), "labeled by the 22 top-level folders");
        Path root = ClipartSources.pngRoot(paths);
        List<Path> candidates = ClipartSources.split(root, ClipartSources.DEFAULT_SPLIT_SEED).pool();
        ImageSet small = ClipartSources.loadPool(root, candidates, 40, 21);
        assertEquals(small.fingerprint(), ClipartSources.loadPool(root, candidates, 40, 21).fingerprint(), "same seed, same pool");
        assertNotEquals(small.fingerprint(), ClipartSources.loadPool(root, candidates, 40, 22).fingerprint());
    }

    @Test
    void corruptFilesAreLeftOutOrSkippedAndThePoolTopsUp() throws IOException {
        Path root = tmp.resolve("clipart").resolve("png");
        for (int i = 0; i < 10; i++) {
            TestImages.solidPng(root.resolve("animals/birds/b" + i + ".png"), 40, 40, 0xFF0000FF);
            TestImages.solidPng(root.resolve("food/f" + i + ".png"), 40, 40, 0xFFFF0000);
            TestImages.solidPng(root.resolve("shapes/s" + i + ".png"), 40, 40, 0xFF00FF00);
        }
        TestImages.corruptPng(root.resolve("animals/broken_header.png"));
        // A valid header with its pixel data cut off: passes the header check, fails at decode time.
        byte[] whole = Files.readAllBytes(root.resolve("shapes/s0.png"));
        Files.write(root.resolve("shapes/truncated.png"), java.util.Arrays.copyOf(whole, 45));
        TestImages.markComplete(tmp.resolve("clipart"));

        ClipartSources.Split split = ClipartSources.split(root, 1);
        assertEquals(1, split.leftOut().size());
        assertTrue(split.leftOut().get(0).reason().contains("broken_header.png"), split.leftOut().get(0).reason());
        assertEquals(20, split.train().size() + split.test().size());

        // 26 pool candidates (32 files minus 6 test files), 2 of them corrupt.
        assertEquals(26, split.pool().size());
        for (long seed = 0; seed < 5; seed++) {
            ImageSet pool = ClipartSources.loadPool(root, split.pool(), 24, seed);
            assertEquals(24, pool.size(), "skipped files are replaced by further candidates");
        }
        ImageSet all = ClipartSources.loadPool(root, split.pool(), 1000, 4);
        assertEquals(24, all.size(), "both corrupt files are skipped, nothing else");

        DecodeResult r = PngDecoder.rgb(32).decodeAll(List.of(root.resolve("shapes/truncated.png"), root.resolve("food/f1.png")));
        assertEquals(1, r.skippedCount());
        assertEquals(1, r.decodedCount());
        assertTrue(r.skipped().get(0).reason().contains("truncated.png"));
    }

    @Test
    void anUnfetchedSetNamesTheFetchScript() {
        DataException e = assertThrows(DataException.class,
                () -> ClipartSources.task().load(DataPaths.at(tmp), Preset.TINY, 1));
        assertTrue(e.getMessage().contains("'clipart'") && e.getMessage().contains("fetch-data.sh"), e.getMessage());
    }

    private static int[] histogram(Path root, List<Path> files) {
        int[] h = new int[6];
        for (Path p : files) {
            h[ClipartSources.D6_CLASSES.indexOf(ClipartSources.d6Class(root.relativize(p).toString()).orElseThrow())]++;
        }
        return h;
    }
}
