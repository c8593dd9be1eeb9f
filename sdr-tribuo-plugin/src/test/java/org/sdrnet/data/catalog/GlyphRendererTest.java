package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;

import java.awt.Font;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Glyph rendering with the machine's own fonts (DejaVu): runs without any fetched data. */
class GlyphRendererTest {

    private static Font dejaVuSans() {
        return FontLibrary.system().faces("DejaVu Sans").get(0);
    }

    /** Rows/columns of lit pixels: {minX, maxX, minY, maxY}. */
    private static int[] litBounds(byte[] img) {
        int n = GlyphRenderer.CANVAS;
        int[] b = {n, -1, n, -1};
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if ((img[y * n + x] & 0xFF) > 32) {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.max(b[1], x);
                    b[2] = Math.min(b[2], y);
                    b[3] = Math.max(b[3], y);
                }
            }
        }
        return b;
    }

    @Test
    void systemFontsAreDejaVuWithoutSymbolOrLogicalFamilies() {
        FontLibrary fonts = FontLibrary.system();
        assertFalse(fonts.isFetched());
        assertTrue(fonts.families().contains("DejaVu Sans"), fonts.families().toString());
        assertTrue(fonts.families().stream().noneMatch(f -> f.equals("Dialog") || f.equals("SansSerif")));
        assertTrue(fonts.faceCount() >= 4);
        assertSame(fonts, FontLibrary.system(), "the library is cached per run");
    }

    @Test
    void plainRenderIsWhiteOnBlackAndFillsTheTwentyPixelBox() {
        for (char c : "AgW1l".toCharArray()) {
            byte[] img = GlyphRenderer.render(dejaVuSans(), c);
            assertEquals(32 * 32, img.length);
            int[] b = litBounds(img);
            int w = b[1] - b[0] + 1;
            int h = b[3] - b[2] + 1;
            // The longer side of the visual bounds is scaled to 20 px (anti-aliased edges may add one).
            assertTrue(Math.max(w, h) >= 19 && Math.max(w, h) <= 21, c + ": lit box " + w + "x" + h);
            // Centred in the 28-px frame, so at least 2 px of black border remain on every side.
            assertTrue(b[0] >= 4 && b[2] >= 4 && b[1] <= 27 && b[3] <= 27, c + ": off centre " + java.util.Arrays.toString(b));
            assertEquals(0, img[0] & 0xFF, "background is black");
            int max = 0;
            for (byte v : img) {
                max = Math.max(max, v & 0xFF);
            }
            assertEquals(255, max, "strokes are white");
        }
    }

    @Test
    void jitterShiftsAndScalesWithinTheCanvas() {
        byte[] plain = GlyphRenderer.render(dejaVuSans(), 'H');
        byte[] shifted = GlyphRenderer.render(dejaVuSans(), 'H', new GlyphRenderer.Jitter(0, 1, 2, 0));
        assertEquals(litBounds(plain)[0] + 2, litBounds(shifted)[0], "a 2-px shift moves the glyph 2 px");
        byte[] small = GlyphRenderer.render(dejaVuSans(), 'H', new GlyphRenderer.Jitter(0, 0.85, 0, 0));
        int[] s = litBounds(small);
        assertTrue(s[3] - s[2] + 1 <= 18, "scale 0.85 gives a 17-px glyph");
        Random rng = new Random(7);
        for (int i = 0; i < 50; i++) {
            GlyphRenderer.Jitter j = GlyphRenderer.Jitter.random(rng);
            assertTrue(Math.abs(j.rotationDegrees()) <= 10 && j.scale() >= 0.85 && j.scale() <= 1.1
                    && Math.abs(j.dx()) <= 2 && Math.abs(j.dy()) <= 2, j.toString());
            int[] b = litBounds(GlyphRenderer.render(dejaVuSans(), 'W', j));
            assertTrue(b[0] >= 0 && b[1] < 32 && b[2] >= 0 && b[3] < 32 && b[1] > b[0]);
        }
    }
}
