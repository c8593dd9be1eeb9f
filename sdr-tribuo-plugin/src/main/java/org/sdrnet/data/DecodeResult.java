package org.sdrnet.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link PngDecoder#decodeAll} made of a list of files: the decoded images in input order and every
 * skipped file with its reason, so callers can report "decoded 8,105, skipped 16" instead of failing or
 * silently losing files.
 */
public final class DecodeResult {

    /** A file that was not decoded, and why (unreadable, too large, missing). */
    public record Skipped(Path file, String reason) {}

    private final List<Path> files;
    private final byte[][] images;
    private final List<Skipped> skipped;
    private final int channels;
    private final int size;

    DecodeResult(List<Path> files, byte[][] images, List<Skipped> skipped, int channels, int size) {
        this.files = List.copyOf(files);
        this.images = images;
        this.skipped = List.copyOf(skipped);
        this.channels = channels;
        this.size = size;
    }

    /** All input files, decoded or not, in input order. */
    public List<Path> files() { return files; }

    /** The skipped files with their reasons, in input order. */
    public List<Skipped> skipped() { return skipped; }

    public int decodedCount() { return files.size() - skipped.size(); }

    public int skippedCount() { return skipped.size(); }

    /** True when input file {@code i} was decoded. */
    public boolean isDecoded(int i) { return images[i] != null; }

    /** The CHW bytes of input file {@code i}; throws when it was skipped. */
    public byte[] image(int i) {
        if (images[i] == null) {
            throw new IllegalStateException(files.get(i) + " was skipped");
        }
        return images[i].clone();
    }

    /** The input indices of the decoded files, ascending. */
    public int[] decodedIndices() {
        int[] out = new int[decodedCount()];
        int k = 0;
        for (int i = 0; i < images.length; i++) {
            if (images[i] != null) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** The decoded images, in input order, as an unlabeled set. */
    public ImageSet toImageSet(String name) {
        return ImageSet.unlabeled(name, channels, size, packDecoded());
    }

    /**
     * The decoded images labeled by {@code labels} (one per input file, skipped ones included) with
     * {@code classNames}; labels of skipped files are dropped with them.
     */
    public ImageSet toImageSet(String name, int[] labels, List<String> classNames) {
        if (labels.length != files.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + files.size() + " files");
        }
        int[] kept = decodedIndices();
        int[] l = new int[kept.length];
        for (int k = 0; k < kept.length; k++) {
            l[k] = labels[kept[k]];
        }
        return ImageSet.labeled(name, channels, size, packDecoded(), l, classNames);
    }

    /** The decoded files, in input order. */
    public List<Path> decodedFiles() {
        List<Path> out = new ArrayList<>();
        for (int i : decodedIndices()) {
            out.add(files.get(i));
        }
        return out;
    }

    private byte[] packDecoded() {
        int per = channels * size * size;
        int[] kept = decodedIndices();
        byte[] pixels = new byte[kept.length * per];
        for (int k = 0; k < kept.length; k++) {
            System.arraycopy(images[kept[k]], 0, pixels, k * per, per);
        }
        return pixels;
    }

    @Override
    public String toString() {
        return "decoded " + decodedCount() + " of " + files.size() + " files, skipped " + skippedCount();
    }
}
