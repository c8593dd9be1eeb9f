package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sdrnet.data.DecodeResult;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.PngDecoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * P3–P5 and D3, D4, D6 at the FULL preset on the fetched data: counts only. Tagged slow (the whole clip art is
 * decoded); the load times it prints are the figures quoted in the docs.
 */
@Tag("slow")
class PngSourcesFullTest {

    private static long timed(String what, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%s: %d ms%n", what, ms);
        return ms;
    }

    @Test
    void wholeClipArtDecodesWithOnlyTheOversizedFilesSkipped() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ClipartSources.pngRoot(RealData.paths()))) {
            files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        DecodeResult[] r = new DecodeResult[1];
        timed("decode all " + files.size() + " clip-art PNGs", () -> r[0] = PngDecoder.rgb(32).decodeAll(files));
        System.out.println(r[0]);
        r[0].skipped().forEach(s -> System.out.println("  skipped " + s.reason()));
        assertEquals(8121, files.size());
        assertEquals(8121 - r[0].skippedCount(), r[0].decodedCount());
        assertTrue(r[0].skipped().stream().allMatch(s -> s.reason().contains("over the 4000 px limit")));
        assertEquals(19, r[0].skippedCount());
    }

    @Test
    void fullPresetCounts() {
        DataPaths paths = RealData.paths();
        ImageSet[] p = new ImageSet[3];
        DownstreamTask[] d = new DownstreamTask[3];
        timed("P3 FULL", () -> p[0] = GlyphSources.pool().load(paths, Preset.FULL, 1));
        timed("D3 FULL", () -> d[0] = GlyphSources.task().load(paths, Preset.FULL, 1));
        timed("P4 FULL", () -> p[1] = EmojiSources.pool().load(paths, Preset.FULL, 1));
        timed("D4 FULL", () -> d[1] = EmojiSources.task().load(paths, Preset.FULL, 1));
        timed("P5 FULL", () -> p[2] = ClipartSources.pool().load(paths, Preset.FULL, 1));
        timed("D6 FULL", () -> d[2] = ClipartSources.task().load(paths, Preset.FULL, 1));
        for (ImageSet s : p) {
            System.out.println(s);
        }
        for (DownstreamTask t : d) {
            System.out.println(t.id() + ": " + t.splits().get(0).train() + " / " + t.splits().get(0).test());
        }
        assertEquals(10_000, p[0].size());
        assertEquals(10_000, p[1].size());
        // 8121 files - 419 D6 test files - 19 oversized (6 of them outside D6, 13 left out of D6 but in the pool).
        assertEquals(8121 - 419 - 19, p[2].size());
        assertEquals(26 * 96, d[0].splits().get(0).test().size());
        assertEquals(1636, d[1].splits().get(0).train().size() + d[1].splits().get(0).test().size());
        assertArrayEquals(new int[] {221, 248, 211, 66, 104, 123}, d[2].splits().get(0).train().classHistogram());
        assertArrayEquals(new int[] {95, 107, 90, 29, 45, 53}, d[2].splits().get(0).test().classHistogram());
    }
}
