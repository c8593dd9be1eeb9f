package org.sdrnet.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An immutable in-memory set of small square images: uint8 pixels in channels × size × size (CHW) order,
 * one or three channels, with optional integer labels and their class names.
 * <p>
 * Every reader and catalog entry produces one of these; training and evaluation consume them. Unlabeled
 * pools may carry labels "for analysis only" (for example the source domain of each image).
 * The {@link #fingerprint()} identifies the exact pixels and labels for provenance.
 */
public final class ImageSet {

    /** The image side the project's networks expect (METHODS.md §0). */
    public static final int DEFAULT_SIZE = 32;

    private final String name;
    private final int channels;
    private final int size;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;
    private volatile String fingerprint;

    private ImageSet(String name, int channels, int size, byte[] pixels, int[] labels, List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image set '" + name + "': channels must be 1 or 3, got " + channels);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("image set '" + name + "': size must be positive, got " + size);
        }
        int per = channels * size * size;
        if (pixels.length % per != 0) {
            throw new IllegalArgumentException("image set '" + name + "': " + pixels.length
                    + " bytes is not a whole number of " + channels + "x" + size + "x" + size + " images");
        }
        int n = pixels.length / per;
        if (labels != null) {
            if (labels.length != n) {
                throw new IllegalArgumentException("image set '" + name + "': " + labels.length + " labels for " + n + " images");
            }
            for (int l : labels) {
                if (l < 0 || l >= classNames.size()) {
                    throw new IllegalArgumentException("image set '" + name + "': label " + l
                            + " outside the " + classNames.size() + " class names");
                }
            }
        }
        this.channels = channels;
        this.size = size;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    /** A labeled set; takes ownership of the arrays. */
    public static ImageSet labeled(String name, int channels, int size, byte[] pixels, int[] labels, List<String> classNames) {
        return new ImageSet(name, channels, size, pixels, Objects.requireNonNull(labels, "labels"), classNames);
    }

    /** An unlabeled set; takes ownership of the pixel array. */
    public static ImageSet unlabeled(String name, int channels, int size, byte[] pixels) {
        return new ImageSet(name, channels, size, pixels, null, List.of());
    }

    public String name() { return name; }
    public int channels() { return channels; }
    public int imageSize() { return size; }
    public int size() { return pixels.length / bytesPerImage(); }
    public boolean isEmpty() { return pixels.length == 0; }
    public boolean isLabeled() { return labels != null; }
    public List<String> classNames() { return classNames; }
    public int numClasses() { return classNames.size(); }
    public int bytesPerImage() { return channels * size * size; }

    /** The label of image {@code i}; throws when the set is unlabeled. */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException("image set '" + name + "' is unlabeled");
        }
        return labels[i];
    }

    /** A copy of all labels; throws when the set is unlabeled. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("image set '" + name + "' is unlabeled");
        }
        return labels.clone();
    }

    /** Pixel {@code (c, y, x)} of image {@code i} as 0..255. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[i * bytesPerImage() + (c * size + y) * size + x] & 0xFF;
    }

    /** Copies image {@code i} (CHW bytes) into {@code dest} at {@code offset}. */
    public void copyImage(int i, byte[] dest, int offset) {
        System.arraycopy(pixels, i * bytesPerImage(), dest, offset, bytesPerImage());
    }

    /** Image {@code i} as a fresh CHW byte array. */
    public byte[] image(int i) {
        byte[] out = new byte[bytesPerImage()];
        copyImage(i, out, 0);
        return out;
    }

    /** Number of images per class, indexed by label. */
    public int[] classHistogram() {
        int[] h = new int[classNames.size()];
        if (labels != null) {
            for (int l : labels) {
                h[l]++;
            }
        }
        return h;
    }

    /** The images at {@code indices}, in that order, under a new name. */
    public ImageSet subset(String newName, int[] indices) {
        int per = bytesPerImage();
        byte[] p = new byte[indices.length * per];
        int[] l = labels == null ? null : new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * per, p, k * per, per);
            if (l != null) {
                l[k] = labels[indices[k]];
            }
        }
        return new ImageSet(newName, channels, size, p, l, classNames);
    }

    /** The first {@code n} images (or all when fewer). */
    public ImageSet head(int n) {
        int m = Math.min(n, size());
        int[] idx = new int[m];
        Arrays.setAll(idx, i -> i);
        return subset(name, idx);
    }

    /** The same images with labels dropped. */
    public ImageSet withoutLabels() {
        return new ImageSet(name, channels, size, pixels, null, List.of());
    }

    /** The same pixels with new labels (for example the source domain of each image). */
    public ImageSet withLabels(int[] newLabels, List<String> newClassNames) {
        return new ImageSet(name, channels, size, pixels, newLabels.clone(), newClassNames);
    }

    /** This set as three channels (gray replicated), or itself when it already has three. */
    public ImageSet toRgb() {
        if (channels == 3) {
            return this;
        }
        int n = size();
        int plane = size * size;
        byte[] p = new byte[n * 3 * plane];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(pixels, i * plane, p, (i * 3 + c) * plane, plane);
            }
        }
        return new ImageSet(name, 3, size, p, labels, classNames);
    }

    /**
     * Concatenates sets of one image size. Mixed gray and colour sets are all promoted to three channels.
     * When {@code labelBySource} is true the result is labeled by the index of the set each image came from
     * (class names = the sets' names); otherwise labels are kept only if every set shares the same class names.
     */
    public static ImageSet concat(String name, List<ImageSet> sets, boolean labelBySource) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("cannot concatenate zero image sets into '" + name + "'");
        }
        int size = sets.get(0).size;
        boolean anyColour = sets.stream().anyMatch(s -> s.channels == 3);
        List<ImageSet> parts = new ArrayList<>();
        for (ImageSet s : sets) {
            if (s.size != size) {
                throw new IllegalArgumentException("cannot concatenate '" + s.name + "' (" + s.size + " px) with "
                        + size + " px images into '" + name + "'");
            }
            parts.add(anyColour ? s.toRgb() : s);
        }
        int channels = parts.get(0).channels;
        int total = parts.stream().mapToInt(s -> s.pixels.length).sum();
        byte[] p = new byte[total];
        int n = parts.stream().mapToInt(ImageSet::size).sum();
        int[] l = new int[n];
        boolean keepLabels = labelBySource || parts.stream().allMatch(s -> s.labels != null
                && s.classNames.equals(parts.get(0).classNames));
        int off = 0;
        int row = 0;
        for (int k = 0; k < parts.size(); k++) {
            ImageSet s = parts.get(k);
            System.arraycopy(s.pixels, 0, p, off, s.pixels.length);
            off += s.pixels.length;
            for (int i = 0; i < s.size(); i++) {
                l[row++] = labelBySource ? k : (keepLabels ? s.labels[i] : 0);
            }
        }
        if (labelBySource) {
            return new ImageSet(name, channels, size, p, l, sets.stream().map(ImageSet::name).toList());
        }
        return keepLabels ? new ImageSet(name, channels, size, p, l, parts.get(0).classNames)
                : new ImageSet(name, channels, size, p, null, List.of());
    }

    /** SHA-256 over shape, pixels, labels and class names: identifies the data in provenance. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(ByteBuffer.allocate(12).putInt(channels).putInt(size).putInt(size()).array());
                md.update(pixels);
                if (labels != null) {
                    ByteBuffer b = ByteBuffer.allocate(labels.length * 4);
                    for (int l : labels) {
                        b.putInt(l);
                    }
                    md.update(b.array());
                    md.update(String.join("\u0000", classNames).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                f = HexFormat.of().formatHex(md.digest());
                fingerprint = f;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return f;
    }

    @Override
    public String toString() {
        return "ImageSet[" + name + ", " + size() + " x " + channels + "x" + size + "x" + size
                + (labels != null ? ", " + classNames.size() + " classes" : ", unlabeled") + "]";
    }
}
