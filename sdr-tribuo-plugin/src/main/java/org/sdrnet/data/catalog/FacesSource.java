package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageResize;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * D8: scikit-image's {@code lfw_subset.npy} (FACES): 200 gray 25×25 photos in [0, 1], the first 100 faces and
 * the last 100 non-faces, resized bilinearly to 32×32. Evaluated by stratified 5-fold cross-validation: five
 * splits whose test parts partition the 200 images (folds drawn from the run's seed).
 */
public final class FacesSource implements TaskSource {
    static final int FOLDS = 5;
    private static final List<String> CLASSES = List.of("face", "non-face");

    @Override
    public String id() {
        return "D8";
    }

    @Override
    public String description() {
        return "FACES (LFW subset) 25x25 photos resized to 32, face / non-face, stratified 5-fold CV";
    }

    @Override
    public DownstreamTask load(DataPaths paths, Preset preset, long seed) {
        ImageSet all = read(paths);
        int[][] folds = Sampling.stratifiedFolds(all.labels(), all.numClasses(), FOLDS, Sampling.rng(seed, id()));
        List<DownstreamTask.Split> splits = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            int[] test = folds[f];
            int[] train = Sampling.complement(all.size(), test);
            splits.add(new DownstreamTask.Split(all.subset("D8-fold" + (f + 1) + "-train", train),
                    all.subset("D8-fold" + (f + 1) + "-test", test)));
        }
        return new DownstreamTask(id(), description(), splits);
    }

    /** All 200 images in file order, labeled face (0–99) and non-face (100–199). */
    static ImageSet read(DataPaths paths) {
        var file = paths.set("skimage").resolve("lfw_subset.npy");
        NpyReader.NpyArray a = NpyReader.read(file);
        int[] s = a.shape();
        if (s.length != 3 || s[0] != 200 || s[1] != s[2]) {
            throw new DataException(file + " has shape " + Arrays.toString(s) + ", expected [200, 25, 25]"
                    + " (200 square images, faces first)");
        }
        int n = s[0];
        int side = s[1];
        int size = ImageSet.DEFAULT_SIZE;
        byte[] pixels = new byte[n * size * size];
        int[] labels = new int[n];
        float[] img = new float[side * side];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < img.length; p++) {
                img[p] = (float) (a.data()[i * img.length + p] * 255.0);
            }
            ImageResize.toBytes(ImageResize.resize(img, 1, side, side, size, size), pixels, i * size * size);
            labels[i] = i < n / 2 ? 0 : 1;
        }
        return ImageSet.labeled("faces", 1, size, pixels, labels, CLASSES);
    }
}
