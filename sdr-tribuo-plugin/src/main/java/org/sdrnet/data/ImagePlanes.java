package org.sdrnet.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded picture as float planes (CHW, 0..255) with transparency composited onto white: one plane when
 * the picture is gray, three when it has colour. Gray pictures are read from their raster samples, not through
 * {@link BufferedImage#getRGB}, because Java's linear-gray colour space would otherwise brighten them.
 *
 * @param channels 1 (gray) or 3 (RGB)
 * @param width    width in pixels
 * @param height   height in pixels
 * @param data     {@code channels × height × width} values in 0..255
 */
public record ImagePlanes(int channels, int width, int height, float[] data) {

    /** Converts a decoded image; a colour image whose pixels are all neutral (r = g = b) becomes 1 channel. */
    public static ImagePlanes of(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        if (cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel)) {
            return gray(img);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        float[] rgb = new float[3 * plane];
        boolean neutral = true;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                float a = (argb >>> 24) / 255f;
                float r = onWhite((argb >> 16) & 0xFF, a);
                float g = onWhite((argb >> 8) & 0xFF, a);
                float b = onWhite(argb & 0xFF, a);
                int i = y * w + x;
                rgb[i] = r;
                rgb[plane + i] = g;
                rgb[2 * plane + i] = b;
                neutral &= r == g && g == b;
            }
        }
        if (neutral) {
            return new ImagePlanes(1, w, h, java.util.Arrays.copyOf(rgb, plane));
        }
        return new ImagePlanes(3, w, h, rgb);
    }

    /** This picture with three channels (gray replicated). */
    public ImagePlanes toRgb() {
        if (channels == 3) {
            return this;
        }
        int plane = width * height;
        float[] rgb = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(data, 0, rgb, c * plane, plane);
        }
        return new ImagePlanes(3, width, height, rgb);
    }

    private static ImagePlanes gray(BufferedImage img) {
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        int w = img.getWidth();
        int h = img.getHeight();
        float grayMax = (1 << cm.getComponentSize(0)) - 1;
        boolean alpha = cm.hasAlpha() && r.getNumBands() > 1;
        float alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
        float[] out = new float[w * h];
        int[] g = new int[w];
        int[] a = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, g);
            if (alpha) {
                r.getSamples(0, y, w, 1, 1, a);
            }
            for (int x = 0; x < w; x++) {
                float v = g[x] * 255f / grayMax;
                out[y * w + x] = alpha ? onWhite(v, a[x] / alphaMax) : v;
            }
        }
        return new ImagePlanes(1, w, h, out);
    }

    private static float onWhite(float value, float alpha) {
        return value * alpha + 255f * (1 - alpha);
    }
}
