package org.sdrnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding PNGs of every colour type to 32×32: compositing, shrinking, skipping bad files. */
class PngDecoderTest {

    @TempDir
    Path tmp;

    private static int[] rgbAt(byte[] chw, int y, int x) {
        int plane = 32 * 32;
        int o = y * 32 + x;
        return new int[] {chw[o] & 0xFF, chw[plane + o] & 0xFF, chw[2 * plane + o] & 0xFF};
    }

    @Test
    void transparencyIsCompositedOntoWhite() {
        byte[] clear = PngDecoder.rgb(32).decode(TestImages.solidPng(tmp.resolve("clear.png"), 50, 50, 0x00000000));
        assertArrayEquals(new int[] {255, 255, 255}, rgbAt(clear, 10, 10));
        byte[] halfRed = PngDecoder.rgb(32).decode(TestImages.solidPng(tmp.resolve("red.png"), 50, 50, 0x80FF0000));
        int[] px = rgbAt(halfRed, 10, 10);
        assertEquals(255, px[0]);
        assertEquals(127, px[1], 1);
        assertEquals(127, px[2], 1);
    }

    @Test
    void largeImagesShrinkToThirtyTwoKeepingLayoutAndColour() {
        // 1000x600: left half black, right half blue. Halving reaches 250x150, then one bilinear resize.
        BufferedImage img = new BufferedImage(1000, 600, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(500, 0, 500, 600);
        g.dispose();
        byte[] out = PngDecoder.rgb(32).decode(TestImages.write(img, tmp.resolve("big.png")));
        assertEquals(3 * 32 * 32, out.length);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 15; x++) {
                assertArrayEquals(new int[] {0, 0, 0}, rgbAt(out, y, x));
                assertArrayEquals(new int[] {0, 0, 255}, rgbAt(out, y, 31 - x));
            }
        }
        RgbImage shrunk = PngDecoder.rgb(32).readComposited(tmp.resolve("big.png"));
        assertTrue(shrunk.width() <= 64 && shrunk.height() <= 64 && shrunk.width() > 32,
                shrunk.width() + "x" + shrunk.height());
    }

    @Test
    void paletteSixteenBitAndGrayPngsDecodeToTheirStoredValues() {
        IndexColorModel palette = new IndexColorModel(2, 2, new byte[] {(byte) 255, 0}, new byte[] {0, 0},
                new byte[] {0, (byte) 255});
        BufferedImage indexed = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_BINARY, palette);
        byte[] red = PngDecoder.rgb(32).decode(TestImages.write(indexed, tmp.resolve("indexed.png")));
        assertArrayEquals(new int[] {255, 0, 0}, rgbAt(red, 3, 3));

        BufferedImage gray16 = new BufferedImage(40, 40, BufferedImage.TYPE_USHORT_GRAY);
        short[] data = ((java.awt.image.DataBufferUShort) gray16.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(data, (short) 0x8080);
        byte[] gray = PngDecoder.gray(32).decode(TestImages.write(gray16, tmp.resolve("gray16.png")));
        assertEquals(1024, gray.length, "gray decoder: one channel");
        assertEquals(128, gray[40] & 0xFF);

        BufferedImage gray8 = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Arrays.fill(((java.awt.image.DataBufferByte) gray8.getRaster().getDataBuffer()).getData(), (byte) 60);
        assertArrayEquals(new int[] {60, 60, 60}, rgbAt(PngDecoder.rgb(32).decode(TestImages.write(gray8, tmp.resolve("g8.png"))), 5, 5),
                "gray is kept as stored, not re-gamma'd as getRGB would");
    }

    @Test
    void cropAndFlipSampleTheRequestedRegion() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 16, 64); // white strip on the left quarter
        g.dispose();
        PngDecoder d = PngDecoder.rgb(32);
        RgbImage rgb = WhiteComposite.toRgb(img);
        byte[] left = d.toChw(rgb, 0, 0, 32, 32, false); // left half: strip fills the left half of the output
        assertEquals(255, rgbAt(left, 5, 2)[0]);
        assertEquals(0, rgbAt(left, 5, 29)[0]);
        byte[] flipped = d.toChw(rgb, 0, 0, 32, 32, true);
        assertEquals(0, rgbAt(flipped, 5, 2)[0]);
        assertEquals(255, rgbAt(flipped, 5, 29)[0]);
    }

    @Test
    void corruptMissingAndOversizedFilesAreSkippedAndCountedInOrder() {
        Path good1 = TestImages.solidPng(tmp.resolve("a.png"), 20, 20, 0xFF00FF00);
        Path corrupt = TestImages.corruptPng(tmp.resolve("b.png"));
        Path missing = tmp.resolve("c.png");
        Path big = TestImages.solidPng(tmp.resolve("d.png"), 300, 120, 0xFF0000FF);
        Path good2 = TestImages.solidPng(tmp.resolve("e.png"), 20, 20, 0xFFFF0000);
        PngDecoder decoder = PngDecoder.rgb(32).withMaxSide(200);

        DecodeResult r = decoder.decodeAll(List.of(good1, corrupt, missing, big, good2));
        assertEquals(2, r.decodedCount());
        assertEquals(3, r.skippedCount());
        assertEquals(List.of(corrupt, missing, big), r.skipped().stream().map(DecodeResult.Skipped::file).toList());
        assertTrue(r.skipped().get(0).reason().contains("b.png") && r.skipped().get(0).reason().contains("unreadable"));
        assertTrue(r.skipped().get(1).reason().contains("not found"));
        assertTrue(r.skipped().get(2).reason().contains("300x120 px is over the 200 px limit"));
        assertFalse(r.isDecoded(1));

        ImageSet set = r.toImageSet("t", new int[] {0, 1, 1, 1, 2}, List.of("x", "y", "z"));
        assertEquals(2, set.size());
        assertArrayEquals(new int[] {0, 2}, set.labels(), "labels of skipped files go with them");
        assertEquals(255, set.pixel(0, 1, 0, 0), "first image is green");
        assertEquals(255, set.pixel(1, 0, 0, 0), "second image is red");

        assertNull(decoder.headerProblem(good1));
        assertTrue(decoder.headerProblem(big).contains("over the 200 px limit"));
        DataException e = assertThrows(DataException.class, () -> decoder.decode(corrupt));
        assertTrue(e.getMessage().startsWith(corrupt.toString()), e.getMessage());
    }
}
