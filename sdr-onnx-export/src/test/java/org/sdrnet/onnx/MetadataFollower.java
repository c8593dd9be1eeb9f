package org.sdrnet.onnx;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A client of an exported file written from its metadata keys and docs/onnx.md alone, as another tool would be: it
 * knows the key names and what each documented value means, and nothing of the library's image code (it decodes
 * through the raster API, not the library's compositing). The keys are spelled out here on purpose: they are the
 * published contract, and a renamed key must break this test. An unknown value of a step is refused.
 */
final class MetadataFollower {
    /** Every step key with the one value this follower implements ({@code null}: a parameter it reads). */
    static final Map<String, String> STEPS = steps();

    private final int size;
    private final float[] mean;
    private final float[] std;
    private final int maxSide;
    private final int[] background;
    private final float padValue;
    private final float pixelScale;

    private static Map<String, String> steps() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("sdr.preprocess.version", "1");
        s.put("sdr.preprocess.decode", "rgba8");
        s.put("sdr.preprocess.max_side", null);
        s.put("sdr.preprocess.background", null);
        s.put("sdr.preprocess.composite", "over-straight-uint8");
        s.put("sdr.preprocess.aspect", "fit-longer-side");
        s.put("sdr.preprocess.reduce", "halve-box-while-over-twice");
        s.put("sdr.preprocess.resize", "bilinear-half-pixel-clamp");
        s.put("sdr.preprocess.pad", "center-floor");
        s.put("sdr.preprocess.pad_value", null);
        s.put("sdr.preprocess.quantize", "round-half-up-uint8");
        s.put("sdr.preprocess.channel_order", "RGB");
        s.put("sdr.preprocess.gray", "replicate");
        s.put("sdr.preprocess.pixel_scale", null);
        return s;
    }

    MetadataFollower(Map<String, String> props) {
        STEPS.forEach((key, wanted) -> {
            String v = props.get(key);
            if (v == null || v.isBlank()) {
                throw new IllegalStateException("the file's metadata has no '" + key + "': cannot follow it");
            }
            if (wanted != null && !wanted.equals(v)) {
                throw new IllegalStateException(key + " = '" + v + "' is not a step this follower implements ('" + wanted + "')");
            }
        });
        if (!"NCHW".equals(props.get("sdr.layout")) || !"3".equals(props.get("sdr.channels"))) {
            throw new IllegalStateException("expected NCHW input of 3 channels: " + props.get("sdr.layout") + ", " + props.get("sdr.channels"));
        }
        size = Integer.parseInt(props.get("sdr.image_size"));
        mean = floats(props.get("sdr.mean"));
        std = floats(props.get("sdr.std"));
        maxSide = Integer.parseInt(props.get("sdr.preprocess.max_side"));
        background = Arrays.stream(props.get("sdr.preprocess.background").split(",")).mapToInt(Integer::parseInt).toArray();
        padValue = Float.parseFloat(props.get("sdr.preprocess.pad_value"));
        pixelScale = Float.parseFloat(props.get("sdr.preprocess.pixel_scale"));
    }

    private static float[] floats(String csv) {
        String[] parts = csv.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (float) Double.parseDouble(parts[i]);
        }
        return out;
    }

    /** The input tensor of one image file, {@code 3·S·S} floats (RGB planes). */
    float[] tensor(Path file) {
        int[][] rgba = decode(file);
        int h = rgba.length;
        int w = rgba[0].length / 4;
        if (w > maxSide || h > maxSide) {
            throw new IllegalArgumentException(file + " is over " + maxSide + " px");
        }
        int[][] rgb = composite(rgba, w, h);
        int longer = Math.max(w, h);
        int tw = Math.max(1, (int) Math.floor((double) w * size / longer + 0.5));
        int th = Math.max(1, (int) Math.floor((double) h * size / longer + 0.5));
        int[] dims = {w, h};
        rgb = reduce(rgb, dims, tw, th);
        float[][] resized = resize(rgb, dims[0], dims[1], tw, th);
        float[] out = new float[3 * size * size];
        int left = (size - tw) / 2;
        int top = (size - th) / 2;
        for (int c = 0; c < 3; c++) {
            float inv = 1f / std[c];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean inside = x >= left && x < left + tw && y >= top && y < top + th;
                    float v = inside ? resized[y - top][(x - left) * 3 + c] : padValue;
                    int q = (int) Math.max(0, Math.min(255, Math.floor((double) v + 0.5)));
                    out[(c * size + y) * size + x] = ((float) q / pixelScale - mean[c]) * inv;
                }
            }
        }
        return out;
    }

    /** decode = rgba8: rows of r,g,b,a per pixel; gray replicated, palette through its table, 16-bit rounded. */
    private static int[][] decode(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        int[][] out = new int[h][4 * w];
        int[] px = new int[r.getNumBands()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] p = out[y];
                int o = 4 * x;
                if (cm instanceof IndexColorModel icm) {
                    int i = r.getSample(x, y, 0);
                    p[o] = icm.getRed(i);
                    p[o + 1] = icm.getGreen(i);
                    p[o + 2] = icm.getBlue(i);
                    p[o + 3] = icm.getAlpha(i);
                    continue;
                }
                r.getPixel(x, y, px);
                int bits = cm.getComponentSize(0);
                int colours = cm.getNumColorComponents();
                for (int k = 0; k < px.length; k++) {
                    px[k] = bits == 16 ? (px[k] * 255 + 32767) / 65535 : px[k];
                }
                p[o] = px[0];
                p[o + 1] = colours == 3 ? px[1] : px[0];
                p[o + 2] = colours == 3 ? px[2] : px[0];
                p[o + 3] = cm.hasAlpha() ? px[colours] : 255;
            }
        }
        return out;
    }

    /** composite = over-straight-uint8 onto the background: rows of r,g,b. */
    private int[][] composite(int[][] rgba, int w, int h) {
        int[][] out = new int[h][3 * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = rgba[y][4 * x + 3];
                for (int c = 0; c < 3; c++) {
                    out[y][3 * x + c] = (rgba[y][4 * x + c] * a + background[c] * (255 - a) + 127) / 255;
                }
            }
        }
        return out;
    }

    /** reduce = halve-box-while-over-twice; {@code dims} is updated to the reduced width and height. */
    private static int[][] reduce(int[][] rgb, int[] dims, int tw, int th) {
        int w = dims[0];
        int h = dims[1];
        while (w > 2 * tw || h > 2 * th) {
            int nw = w > 2 * tw ? w / 2 : w;
            int nh = h > 2 * th ? h / 2 : h;
            int fx = w / nw;
            int fy = h / nh;
            int[][] next = new int[nh][3 * nw];
            for (int y = 0; y < nh; y++) {
                int ya = y * fy;
                int yb = Math.min(ya + fy - 1, h - 1);
                for (int x = 0; x < nw; x++) {
                    int xa = x * fx;
                    int xb = Math.min(xa + fx - 1, w - 1);
                    for (int c = 0; c < 3; c++) {
                        int s = rgb[ya][3 * xa + c] + rgb[ya][3 * xb + c] + rgb[yb][3 * xa + c] + rgb[yb][3 * xb + c];
                        next[y][3 * x + c] = (s + 2) / 4;
                    }
                }
            }
            rgb = next;
            w = nw;
            h = nh;
        }
        dims[0] = w;
        dims[1] = h;
        return rgb;
    }

    /** resize = bilinear-half-pixel-clamp, float64 arithmetic, stored as float32: rows of r,g,b. */
    private static float[][] resize(int[][] rgb, int w, int h, int tw, int th) {
        float[][] out = new float[th][3 * tw];
        for (int y = 0; y < th; y++) {
            double sy = clamp((y + 0.5) * ((double) h / th) - 0.5, h);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < tw; x++) {
                double sx = clamp((x + 0.5) * ((double) w / tw) - 0.5, w);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    double top = rgb[y0][3 * x0 + c] * (1 - fx) + rgb[y0][3 * x1 + c] * fx;
                    double bottom = rgb[y1][3 * x0 + c] * (1 - fx) + rgb[y1][3 * x1 + c] * fx;
                    out[y][3 * x + c] = (w == tw && h == th) ? rgb[y][3 * x + c] : (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    private static double clamp(double s, int n) {
        return s < 0 ? 0 : Math.min(s, n - 1);
    }
}
