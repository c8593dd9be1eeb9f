package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DataException;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImagePlanes;
import org.sdrnet.data.ImageResize;
import org.sdrnet.data.ImageSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataCatalogTest {
    private final DataCatalog catalog = DataCatalog.standard(RealData.PATHS);

    @Test
    void listsItsEntriesAndFindsThemInAnyCase() {
        assertEquals(List.of("P1", "P2", "P3", "P4", "P5"), catalog.poolIds());
        assertEquals(List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"), catalog.taskIds());
        assertSame(catalog.taskSource("D7"), catalog.taskSource(" d7 "));
        assertEquals("P2", catalog.poolSource("p2").id());
        assertEquals(List.of("L1"), catalog.labelledPoolIds());
        assertTrue(catalog.poolSource("l1").labelled());
        assertFalse(catalog.poolSource("P3").labelled());
    }

    @Test
    void theLabelledPoolKeepsItsLettersAndIsNeverMixed() {
        ImageSet l1 = catalog.pool("L1", Preset.TINY, 5);
        assertEquals("L1", l1.name());
        assertEquals(Preset.TINY.poolPerDomain(), l1.size());
        assertEquals(52, l1.numClasses());
        assertEquals(List.of("A", "B"), l1.classNames().subList(0, 2));
        assertEquals(List.of("y", "z"), l1.classNames().subList(50, 52));
        assertTrue(java.util.Arrays.stream(l1.classHistogram()).filter(n -> n > 0).count() > 40, "letters drawn across the classes");
        assertEquals(l1.fingerprint(), catalog.pool("L1", Preset.TINY, 5).fingerprint(), "same seed, same pool");
        assertEquals("pool L1 is a labelled pool: load it alone (its labels are its classes), not in a mix of domains [P1, L1]",
                assertThrows(DataException.class, () -> catalog.mixedPool(List.of("P1", "L1"), Preset.TINY, 1)).getMessage());
    }

    @Test
    void unknownIdsAndPresetsAreErrorsListingWhatExists() {
        assertEquals("unknown task id 'D42'; available: D1, D2, D3, D4, D5, D6, D7, D8",
                assertThrows(DataException.class, () -> catalog.task("D42", Preset.TINY, 1)).getMessage());
        assertEquals("unknown pool id 'P9'; available: P1, P2, P3, P4, P5, L1",
                assertThrows(DataException.class, () -> catalog.mixedPool(List.of("P1", "P9"), Preset.TINY, 1)).getMessage());
        assertEquals("unknown preset 'huge'; available: tiny, small, full",
                assertThrows(IllegalArgumentException.class, () -> Preset.parse("huge")).getMessage());
        assertEquals("pool id 'p1' is listed twice in the mixed pool [P1, p1]",
                assertThrows(DataException.class, () -> catalog.mixedPool(List.of("P1", "p1"), Preset.TINY, 1)).getMessage());
    }

    @Test
    void missingDataSaysToRunTheFetchScript(@TempDir Path empty) {
        DataCatalog none = DataCatalog.standard(DataPaths.at(empty));
        for (String id : none.taskIds()) {
            if (id.equals("D3")) {
                continue; // glyphs fall back to the fonts installed on the machine (tested in GlyphSourcesTest)
            }
            DataException e = assertThrows(DataException.class, () -> none.task(id, Preset.TINY, 1), id);
            assertTrue(e.getMessage().contains("scripts/fetch-data.sh"), e.getMessage());
        }
        assertTrue(assertThrows(DataException.class, () -> none.pool("P1", Preset.TINY, 1)).getMessage()
                .startsWith("data set 'mnist' is not in " + empty));
    }

    @Test
    void d1AtTinyHasTwentyPerClassAndAStratifiedTest() {
        DownstreamTask d1 = catalog.task("D1", Preset.TINY, 7);
        assertEquals(1, d1.splits().size());
        ImageSet train = d1.splits().get(0).train();
        ImageSet test = d1.splits().get(0).test();
        int[] twenty = new int[10];
        Arrays.fill(twenty, 20);
        assertArrayEquals(twenty, train.classHistogram());
        assertEquals(200, test.size());
        // t10k proportions (980..1135 per class) give 18..23 test images per class out of 200.
        for (int h : test.classHistogram()) {
            assertTrue(h >= 18 && h <= 23, Arrays.toString(test.classHistogram()));
        }
        assertEquals(DigitsCsvReader.DIGIT_CLASSES, d1.classNames());
    }

    @Test
    void poolNeverOverlapsTheProbeReserveForAnySeedOrPreset() {
        ImageSet train = RealData.mnistTrain();
        int[] reserve = MnistLikeSources.probeReserve(train);
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, train.subset("r", reserve).classHistogram());
        for (long poolSeed : new long[] {1, 2}) {
            int[] pool = MnistLikeSources.poolIndices(train, Preset.FULL, poolSeed, "P1");
            assertEquals(10_000, pool.length);
            for (long probeSeed : new long[] {1, 3}) {
                for (Preset p : Preset.values()) {
                    int[] probe = MnistLikeSources.probeTrainIndices(train, p, probeSeed, "D1");
                    assertEquals(10 * p.trainPerClass(), probe.length);
                    assertTrue(disjoint(pool, probe), "pool seed " + poolSeed + " vs probe " + p + " seed " + probeSeed);
                }
            }
        }
    }

    @Test
    void loadedPoolAndProbeShareNoImageIndex() {
        // Through the public entries: every P1 image is an MNIST training image outside D1's probe-train.
        ImageSet train = RealData.mnistTrain();
        ImageSet pool = catalog.pool("P1", Preset.TINY, 11);
        ImageSet probe = catalog.task("D1", Preset.TINY, 11).splits().get(0).train();
        int[] poolIdx = MnistLikeSources.poolIndices(train, Preset.TINY, 11, "P1");
        int[] probeIdx = MnistLikeSources.probeTrainIndices(train, Preset.TINY, 11, "D1");
        assertEquals(train.subset("P1", poolIdx).fingerprint(), pool.fingerprint());
        assertEquals(train.subset("D1-train", probeIdx).fingerprint(), probe.fingerprint());
        assertTrue(disjoint(poolIdx, probeIdx));
        assertEquals(200, pool.size());
        assertEquals("P1", pool.name());
    }

    @Test
    void loadsAreDeterministicForASeed() {
        String p2 = catalog.pool("P2", Preset.TINY, 5).fingerprint();
        assertEquals(p2, catalog.pool("P2", Preset.TINY, 5).fingerprint());
        assertNotEquals(p2, catalog.pool("P2", Preset.TINY, 6).fingerprint());
        for (String id : List.of("D2", "D7", "D8")) {
            List<String> first = fingerprints(catalog.task(id, Preset.TINY, 5));
            assertEquals(first, fingerprints(catalog.task(id, Preset.TINY, 5)), id);
            assertNotEquals(first, fingerprints(catalog.task(id, Preset.TINY, 6)), id);
        }
        // D5's split is fixed by DATA.md: the run's seed does not move it.
        assertEquals(fingerprints(catalog.task("D5", Preset.TINY, 5)), fingerprints(catalog.task("D5", Preset.FULL, 6)));
    }

    @Test
    void d2UsesFashionClassNames() {
        DownstreamTask d2 = catalog.task("D2", Preset.TINY, 1);
        assertEquals(MnistLikeSources.FASHION_CLASSES, d2.classNames());
        assertEquals("Ankle boot", d2.classNames().get(9));
        assertEquals(200, d2.splits().get(0).train().size());
        int[] twenty = new int[10];
        Arrays.fill(twenty, 20);
        assertArrayEquals(twenty, d2.splits().get(0).test().classHistogram(), "Fashion's t10k is balanced");
    }

    @Test
    void d5IsAStratifiedHalfOfAllDigits() {
        DownstreamTask d5 = catalog.task("D5", Preset.SMALL, 1);
        ImageSet train = d5.splits().get(0).train();
        ImageSet test = d5.splits().get(0).test();
        assertEquals(1797, train.size() + test.size());
        assertTrue(Math.abs(train.size() - test.size()) <= 1);
        for (int c = 0; c < 10; c++) {
            int all = DigitsCsvReaderTest.DIGITS_PER_CLASS[c];
            assertEquals(all, train.classHistogram()[c] + test.classHistogram()[c]);
            assertTrue(Math.abs(train.classHistogram()[c] - all / 2.0) <= 1, "class " + c);
        }
    }

    @Test
    void d7CropsComeFromDisjointHalvesSizedByThePreset() {
        DownstreamTask d7 = catalog.task("D7", Preset.TINY, 3);
        ImageSet train = d7.splits().get(0).train();
        ImageSet test = d7.splits().get(0).test();
        assertEquals(List.of("brick", "grass", "gravel"), d7.classNames());
        assertArrayEquals(new int[] {20, 20, 20}, train.classHistogram());
        assertArrayEquals(new int[] {20, 20, 20}, test.classHistogram());
        assertEquals(100, TextureSource.cropsPerClass(Preset.SMALL));
        assertEquals(300, TextureSource.cropsPerClass(Preset.FULL));
        for (String c : d7.classNames()) {
            for (int[] o : TextureSource.origins(3, c + "-train", 20, 0, 256, 512)) {
                assertTrue(o[0] >= 0 && o[0] + TextureSource.CROP <= 256 && o[1] + TextureSource.CROP <= 512);
            }
            for (int[] o : TextureSource.origins(3, c + "-test", 20, 256, 512, 512)) {
                assertTrue(o[0] >= 256 && o[0] + TextureSource.CROP <= 512 && o[1] + TextureSource.CROP <= 512);
            }
        }
        // The first grass training image is the halved top-half crop at its recorded origin.
        ImagePlanes grass = TextureSource.read(RealData.PATHS.set("skimage").resolve("grass.png"));
        assertEquals(512, grass.width());
        int[] o = TextureSource.origins(3, "grass-train", 20, 0, 256, 512)[0];
        byte[] expected = new byte[32 * 32];
        ImageResize.toBytes(TextureSource.crop(grass, o[0], o[1]), expected, 0);
        assertArrayEquals(expected, train.image(20));
    }

    @Test
    void d8HasFiveStratifiedFoldsThatPartitionTheFaces() {
        DownstreamTask d8 = catalog.task("D8", Preset.TINY, 9);
        assertEquals(5, d8.splits().size());
        assertEquals(List.of("face", "non-face"), d8.classNames());
        ImageSet all = FacesSource.read(RealData.PATHS);
        assertArrayEquals(new int[] {100, 100}, all.classHistogram());
        List<String> expected = images(all);
        Collections.sort(expected);
        List<String> testImages = new ArrayList<>();
        for (DownstreamTask.Split s : d8.splits()) {
            assertArrayEquals(new int[] {20, 20}, s.test().classHistogram());
            assertArrayEquals(new int[] {80, 80}, s.train().classHistogram());
            List<String> both = images(s.train());
            both.addAll(images(s.test()));
            Collections.sort(both);
            assertEquals(expected, both, "each split's train and test together are the 200 images");
            testImages.addAll(images(s.test()));
        }
        Collections.sort(testImages);
        assertEquals(expected, testImages, "the five test folds together are exactly the 200 images");
    }

    @Test
    void mixedPoolLabelsEveryImageWithItsDomain() {
        ImageSet mixed = catalog.mixedPool(List.of("p2", "P1"), Preset.TINY, 4);
        assertEquals(400, mixed.size());
        assertEquals(List.of("P2", "P1"), mixed.classNames());
        assertArrayEquals(new int[] {200, 200}, mixed.classHistogram());
        assertEquals(1, mixed.channels());
        assertArrayEquals(catalog.pool("P1", Preset.TINY, 4).image(0), mixed.image(200));
    }

    private static boolean disjoint(int[] a, int[] b) {
        int[] sa = a.clone();
        Arrays.sort(sa);
        return Arrays.stream(b).noneMatch(i -> Arrays.binarySearch(sa, i) >= 0);
    }

    private static List<String> fingerprints(DownstreamTask t) {
        return t.splits().stream().flatMap(s -> java.util.stream.Stream.of(s.train().fingerprint(), s.test().fingerprint())).toList();
    }

    private static List<String> images(ImageSet s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(java.util.HexFormat.of().formatHex(s.image(i)));
        }
        return out;
    }
}
