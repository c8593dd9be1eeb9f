package org.sdrnet.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Flattens a decoded image of any PNG colour type onto a white background as interleaved 8-bit RGB.
 * <p>
 * Reading the raster directly is several times faster than {@link BufferedImage#getRGB} (the clip art holds
 * 1.7 gigapixels) and keeps gray PNGs at their stored values (getRGB treats gray as linear light and
 * brightens it). Unusual layouts fall back to getRGB.
 */
final class WhiteComposite {

    private WhiteComposite() {}

    /** {@code img} composited onto white. */
    static RgbImage toRgb(BufferedImage img) {
        return new RgbImage(img.getWidth(), img.getHeight(), interleaved(img));
    }

    /** Interleaved RGB bytes (row-major, 3 per pixel) of {@code img} composited onto white. */
    private static byte[] interleaved(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        boolean untranslated = raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
        if (untranslated && !cm.isAlphaPremultiplied() && cm instanceof ComponentColorModel
                && raster.getSampleModel() instanceof ComponentSampleModel sm && isPlainColourSpace(cm)
                && (raster.getDataBuffer() instanceof DataBufferByte || raster.getDataBuffer() instanceof DataBufferUShort)) {
            return fromComponents(img, cm, sm, raster.getDataBuffer());
        }
        if (cm instanceof IndexColorModel icm) {
            return fromIndexed(img, icm, raster);
        }
        return fromArgb(img);
    }

    private static boolean isPlainColourSpace(ColorModel cm) {
        ColorSpace cs = cm.getColorSpace();
        return cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1
                || cs.isCS_sRGB() && cm.getNumColorComponents() == 3;
    }

    /** 8- or 16-bit gray / RGB, with or without alpha, read straight from the data buffer. */
    private static byte[] fromComponents(BufferedImage img, ColorModel cm, ComponentSampleModel sm, DataBuffer db) {
        int w = img.getWidth();
        int h = img.getHeight();
        int colours = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha();
        int bands = colours + (alpha ? 1 : 0);
        int[] offsets = new int[bands];
        for (int b = 0; b < bands; b++) {
            offsets[b] = db.getOffsets()[sm.getBankIndices()[b]] + sm.getBandOffsets()[b];
        }
        int pixelStride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        byte[] bytes = db instanceof DataBufferByte bb && allSameBank(sm, bands) ? bb.getData(sm.getBankIndices()[0]) : null;
        short[] shorts = db instanceof DataBufferUShort us && allSameBank(sm, bands) ? us.getData(sm.getBankIndices()[0]) : null;
        if (bytes == null && shorts == null) {
            return fromArgb(img);
        }
        byte[] out = new byte[w * h * 3];
        // Band offsets: colour bands first, alpha last (ComponentColorModel order); gray reads band 0 thrice.
        int oR = offsets[0];
        int oG = colours == 3 ? offsets[1] : offsets[0];
        int oB = colours == 3 ? offsets[2] : offsets[0];
        int oA = alpha ? offsets[colours] : -1;
        int o = 0;
        for (int y = 0; y < h; y++) {
            int base = y * scanline;
            for (int x = 0; x < w; x++, base += pixelStride) {
                if (bytes != null) {
                    int a = oA < 0 ? 255 : bytes[base + oA] & 0xFF;
                    out[o++] = over(bytes[base + oR] & 0xFF, a);
                    out[o++] = over(bytes[base + oG] & 0xFF, a);
                    out[o++] = over(bytes[base + oB] & 0xFF, a);
                } else {
                    int a = oA < 0 ? 255 : to8(shorts[base + oA]);
                    out[o++] = over(to8(shorts[base + oR]), a);
                    out[o++] = over(to8(shorts[base + oG]), a);
                    out[o++] = over(to8(shorts[base + oB]), a);
                }
            }
        }
        return out;
    }

    /** A 16-bit sample rounded to 8 bits. */
    private static int to8(short v) {
        return ((v & 0xFFFF) * 255 + 32767) / 65535;
    }

    private static boolean allSameBank(ComponentSampleModel sm, int bands) {
        int[] banks = sm.getBankIndices();
        for (int b = 1; b < bands; b++) {
            if (banks[b] != banks[0]) {
                return false;
            }
        }
        return true;
    }

    /** Palette images (including 1/2/4-bit packed ones): one table look-up per pixel. */
    private static byte[] fromIndexed(BufferedImage img, IndexColorModel icm, Raster raster) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] palette = new int[icm.getMapSize()];
        icm.getRGBs(palette);
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int idx = row[x];
                putArgb(out, (y * w + x) * 3, idx < palette.length ? palette[idx] : 0);
            }
        }
        return out;
    }

    /** Anything else, through Java2D's colour conversion, one row at a time. */
    private static byte[] fromArgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                putArgb(out, (y * w + x) * 3, row[x]);
            }
        }
        return out;
    }

    private static void putArgb(byte[] out, int o, int argb) {
        int a = argb >>> 24;
        out[o] = over((argb >> 16) & 0xFF, a);
        out[o + 1] = over((argb >> 8) & 0xFF, a);
        out[o + 2] = over(argb & 0xFF, a);
    }

    /** Straight (non-premultiplied) alpha over white: c·a + 255·(1−a), rounded. */
    private static byte over(int c, int a) {
        return (byte) ((c * a + 255 * (255 - a) + 127) / 255);
    }
}
