package org.sdrnet.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG (or any ImageIO-readable) files into small square CHW uint8 images: transparency is composited
 * onto white ({@link WhiteComposite}), large images shrink by repeated 2×2 averaging until they are at most
 * twice the target side, then one bilinear resize gives the exact size ({@link ImageResize}; never
 * {@code getScaledInstance}, which is an order of magnitude slower). Aspect ratio is not preserved (the image
 * is stretched to a square), as for any fixed-size network input.
 * <p>
 * Files that cannot be read, or that exceed {@link #DEFAULT_MAX_SIDE} pixels on a side, are skipped with a
 * warning and reported in the {@link DecodeResult}: one bad file never aborts a whole set.
 */
public final class PngDecoder {

    /** Images larger than this on either side are skipped (19 of the 8,121 clip-art files, up to 20990×29700 px). */
    public static final int DEFAULT_MAX_SIDE = 4000;

    private static final Logger LOG = LoggerFactory.getLogger(PngDecoder.class);

    private final int size;
    private final int channels;
    private final int maxSide;

    private PngDecoder(int size, int channels, int maxSide) {
        if (size <= 0 || maxSide <= 0) {
            throw new IllegalArgumentException("size and maxSide must be positive: " + size + ", " + maxSide);
        }
        this.size = size;
        this.channels = channels;
        this.maxSide = maxSide;
    }

    /** A decoder producing {@code size}×{@code size} RGB images (3 channels). */
    public static PngDecoder rgb(int size) {
        return new PngDecoder(size, 3, DEFAULT_MAX_SIDE);
    }

    /** A decoder producing {@code size}×{@code size} gray images (1 channel, ITU-R 601 luma). */
    public static PngDecoder gray(int size) {
        return new PngDecoder(size, 1, DEFAULT_MAX_SIDE);
    }

    /** The same decoder with another limit on the side of accepted images. */
    public PngDecoder withMaxSide(int newMaxSide) {
        return new PngDecoder(size, channels, newMaxSide);
    }

    public int size() { return size; }
    public int channels() { return channels; }

    /** Opaque images read by {@link #readAllComposited}: the decoded files with their images, and the skipped ones. */
    public record CompositedBatch(List<Path> decoded, List<RgbImage> images, List<DecodeResult.Skipped> skipped) {}

    /**
     * Decodes every file, in parallel, keeping the input order. Unreadable or oversized files are
     * logged, skipped and listed with their reason in the result.
     */
    public DecodeResult decodeAll(List<Path> files) {
        List<Path> input = List.copyOf(files);
        byte[][] images = new byte[input.size()][];
        List<DecodeResult.Skipped> skipped = forEachFile(input, i -> images[i] = decode(input.get(i)));
        return new DecodeResult(input, images, skipped, channels, size);
    }

    /** {@link #readComposited} over every file, in parallel and in input order, skipping bad files like {@link #decodeAll}. */
    public CompositedBatch readAllComposited(List<Path> files) {
        List<Path> input = List.copyOf(files);
        RgbImage[] images = new RgbImage[input.size()];
        List<DecodeResult.Skipped> skipped = forEachFile(input, i -> images[i] = readComposited(input.get(i)));
        List<Path> decoded = new ArrayList<>();
        List<RgbImage> kept = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            if (images[i] != null) {
                decoded.add(input.get(i));
                kept.add(images[i]);
            }
        }
        return new CompositedBatch(List.copyOf(decoded), List.copyOf(kept), skipped);
    }

    /**
     * Runs {@code work} for every index of {@code files} in parallel; a {@link DataException} skips that file:
     * it is logged and listed, in input order, with the exception's message as the reason.
     */
    static List<DecodeResult.Skipped> forEachFile(List<Path> files, IntConsumer work) {
        String[] reasons = new String[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                work.accept(i);
            } catch (DataException e) {
                reasons[i] = e.getMessage();
            }
        });
        List<DecodeResult.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < reasons.length; i++) {
            if (reasons[i] != null) {
                LOG.warn("skipping {}", reasons[i]);
                skipped.add(new DecodeResult.Skipped(files.get(i), reasons[i]));
            }
        }
        return skipped;
    }

    /** Decodes one file; a {@link DataException} naming the file when it is unreadable or too large. */
    public byte[] decode(Path file) {
        return toChw(readComposited(file), 0, 0, -1, -1, false);
    }

    /**
     * Reads {@code file}, composites it onto white and halves it until both sides are at most twice the
     * target size: a good start for crops (see {@link #toChw}).
     */
    public RgbImage readComposited(Path file) {
        return ImageResize.halveWhileOver(read(file), size, size);
    }

    /**
     * Reads {@code file} at full size, composited onto white; a {@link DataException} naming the file when it is
     * missing, unreadable or over the size limit.
     */
    public RgbImage read(Path file) {
        return WhiteComposite.toRgb(readChecked(file));
    }

    /**
     * Resizes the region ({@code x}, {@code y}, {@code w}, {@code h}) of an opaque image bilinearly to this
     * decoder's size and channels, optionally mirrored left-right. A negative {@code w} or {@code h} means
     * the whole image.
     */
    public byte[] toChw(RgbImage img, double x, double y, double w, double h, boolean flip) {
        if (w < 0 || h < 0) {
            x = 0;
            y = 0;
            w = img.width();
            h = img.height();
        }
        double[] v = ImageResize.sample(ImagePlanes.rgb(img).data(), 3, img.width(), img.height(), x, y, w, h,
                size, size, flip);
        int plane = size * size;
        byte[] out = new byte[channels * plane];
        for (int o = 0; o < plane; o++) {
            if (channels == 3) {
                out[o] = (byte) Math.round(v[o]);
                out[plane + o] = (byte) Math.round(v[plane + o]);
                out[2 * plane + o] = (byte) Math.round(v[2 * plane + o]);
            } else {
                out[o] = (byte) Math.round(0.299 * v[o] + 0.587 * v[plane + o] + 0.114 * v[2 * plane + o]);
            }
        }
        return out;
    }

    /**
     * Why {@code file} would be skipped, judged from its header alone (missing, unreadable header, over the
     * size limit), or null when it looks decodable. Cheap: the pixel data is not read.
     */
    public String headerProblem(Path file) {
        try {
            withReader(file, reader -> null);
            return null;
        } catch (DataException e) {
            return e.getMessage();
        }
    }

    /** Reads the image after checking its header size; every failure becomes a DataException naming the file. */
    private BufferedImage readChecked(Path file) {
        BufferedImage img = withReader(file, reader -> reader.read(0));
        if (img == null || img.getWidth() <= 0 || img.getHeight() <= 0) {
            throw new DataException(file + ": decoded to an empty image");
        }
        return img;
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Opens {@code file}, checks its size against the limit and hands the reader to {@code work}. */
    private <T> T withReader(Path file, ReaderWork<T> work) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": file not found");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DataException(file + ": cannot open for reading");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(file + ": not a readable image (unknown format)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > maxSide || h > maxSide) {
                    throw new DataException(file + ": " + w + "x" + h + " px is over the " + maxSide + " px limit");
                }
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports corrupt data as IIOException and, for some malformed chunks, as runtime errors.
            throw new DataException(file + ": unreadable image (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }
}
