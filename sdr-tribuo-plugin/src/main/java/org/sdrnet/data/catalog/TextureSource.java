package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImagePlanes;
import org.sdrnet.data.ImageResize;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.PngDecoder;
import org.sdrnet.data.Sampling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * D7: texture patches from scikit-image's brick, grass and gravel photos (512×512 gray). Each patch is a 64×64
 * crop halved to 32×32. Training crops come only from the top half of each photo and test crops only from the
 * bottom half, so no test pixel was seen in training; crop positions are drawn from the run's seed.
 * Crops per class and split: 20 (tiny), 100 (small), 300 (full).
 */
public final class TextureSource implements TaskSource {
    static final List<String> CLASSES = List.of("brick", "grass", "gravel");
    static final int CROP = 64;

    @Override
    public String id() {
        return "D7";
    }

    @Override
    public String description() {
        return "TEXTURE brick/grass/gravel: 64x64 crops halved to 32; train from the top half of each photo, test from the bottom half";
    }

    /** Crops per class in each of train and test for a preset. */
    static int cropsPerClass(Preset preset) {
        return switch (preset) {
            case TINY -> 20;
            case SMALL -> 100;
            case FULL -> 300;
        };
    }

    @Override
    public DownstreamTask load(DataPaths paths, Preset preset, long seed) {
        Path dir = paths.set("skimage");
        int n = cropsPerClass(preset);
        int size = ImageSet.DEFAULT_SIZE;
        int per = size * size;
        int total = CLASSES.size() * n;
        byte[] train = new byte[total * per];
        byte[] test = new byte[total * per];
        int[] labels = new int[total];
        for (int c = 0; c < CLASSES.size(); c++) {
            ImagePlanes photo = read(dir.resolve(CLASSES.get(c) + ".png"));
            int half = photo.height() / 2;
            int[][] top = origins(seed, CLASSES.get(c) + "-train", n, 0, half, photo.width());
            int[][] bottom = origins(seed, CLASSES.get(c) + "-test", n, half, photo.height(), photo.width());
            for (int k = 0; k < n; k++) {
                int i = c * n + k;
                labels[i] = c;
                ImageResize.toBytes(crop(photo, top[k][0], top[k][1]), train, i * per);
                ImageResize.toBytes(crop(photo, bottom[k][0], bottom[k][1]), test, i * per);
            }
        }
        return DownstreamTask.single(id(), description(),
                ImageSet.labeled("D7-train", 1, size, train, labels.clone(), CLASSES),
                ImageSet.labeled("D7-test", 1, size, test, labels, CLASSES));
    }

    /**
     * The seeded top-left corners {@code {y, x}} of {@code n} crops lying entirely in rows [rowFrom, rowTo) of a
     * photo {@code width} wide; {@code purpose} (class and split) gives each its own stream.
     */
    static int[][] origins(long seed, String purpose, int n, int rowFrom, int rowTo, int width) {
        Random rng = Sampling.rng(seed, "D7-" + purpose);
        int[][] out = new int[n][];
        for (int k = 0; k < n; k++) {
            out[k] = new int[] {rowFrom + rng.nextInt(rowTo - rowFrom - CROP + 1), rng.nextInt(width - CROP + 1)};
        }
        return out;
    }

    /** The 64×64 crop at {@code (y0, x0)}, halved to 32×32. */
    static float[] crop(ImagePlanes photo, int y0, int x0) {
        float[] patch = new float[CROP * CROP];
        for (int y = 0; y < CROP; y++) {
            System.arraycopy(photo.data(), (y0 + y) * photo.width() + x0, patch, y * CROP, CROP);
        }
        return ImageResize.resize(patch, 1, CROP, CROP, CROP / 2, CROP / 2);
    }

    static ImagePlanes read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException("texture photo " + file + " is missing or not an image; fetch it with scripts/fetch-data.sh skimage");
        }
        ImagePlanes p;
        try {
            p = ImagePlanes.of(PngDecoder.gray(CROP).read(file)); // read at full size: the crops come later
        } catch (DataException e) {
            throw new DataException("texture photo " + e.getMessage(), e);
        }
        if (p.channels() != 1 || p.height() < 2 * CROP || p.width() < CROP) {
            throw new DataException("texture photo " + file + " is " + p.width() + "x" + p.height() + " with "
                    + p.channels() + " channels; expected a gray photo at least " + CROP + "x" + (2 * CROP));
        }
        return p;
    }
}
