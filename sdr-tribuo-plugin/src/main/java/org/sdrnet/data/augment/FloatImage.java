package org.sdrnet.data.augment;

import java.util.Arrays;
import org.sdrnet.data.ImageSet;

/**
 * One image as floats in [0, 1], channels × height × width (CHW), used as the mutable working buffer of
 * the augmentation transforms. Transforms may modify an image in place, so callers copy before reuse.
 */
public final class FloatImage {

    /** {@code BYTE_TO_UNIT[b] == b / 255f}: converting uint8 pixels without a division per pixel. */
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            BYTE_TO_UNIT[b] = b / 255f;
        }
    }

    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    /** Wraps {@code data} (not copied) as a {@code channels × height × width} image. */
    public FloatImage(int channels, int height, int width, float[] data) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image height and width must be positive, got " + height + "x" + width);
        }
        if (data == null || data.length != channels * height * width) {
            throw new IllegalArgumentException("data must hold " + channels + "x" + height + "x" + width + " = "
                    + channels * height * width + " floats, got " + (data == null ? "null" : data.length));
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** A zero-filled image. */
    public static FloatImage zeros(int channels, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image height and width must be positive, got " + height + "x" + width);
        }
        return new FloatImage(channels, height, width, new float[channels * height * width]);
    }

    /** Image {@code index} of {@code images} scaled from 0..255 to [0, 1]. */
    public static FloatImage fromImageSet(ImageSet images, int index) {
        if (index < 0 || index >= images.size()) {
            throw new IllegalArgumentException("image index " + index + " outside image set '" + images.name()
                    + "' of " + images.size() + " images");
        }
        int c = images.channels();
        int s = images.imageSize();
        byte[] bytes = new byte[images.bytesPerImage()];
        images.copyImage(index, bytes, 0);
        float[] data = new float[bytes.length];
        for (int k = 0; k < bytes.length; k++) {
            data[k] = BYTE_TO_UNIT[bytes[k] & 0xFF];
        }
        return new FloatImage(c, s, s, data);
    }

    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }

    /** Pixels per channel plane. */
    public int planeSize() { return height * width; }

    /** The backing array (CHW), shared, not copied: transforms write into it. */
    public float[] data() { return data; }

    /** Pixel {@code (c, y, x)}. */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** An independent copy. */
    public FloatImage copy() {
        return new FloatImage(channels, height, width, data.clone());
    }

    @Override
    public String toString() {
        return "FloatImage[" + channels + "x" + height + "x" + width + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatImage f && f.channels == channels && f.height == height && f.width == width
                && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(data);
    }
}
