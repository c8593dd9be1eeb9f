package org.sdrnet.pretrain.simsiam;

import org.sdrnet.data.augment.TwoViewAugmenter;
import org.sdrnet.data.augment.ViewAugmentation;

import java.util.Map;

/**
 * The augmentation option of the SimSiam-based methods ({@code unified}, {@code sdr}): {@code minCropScale}, the
 * smallest area fraction a random resized crop keeps. SimSiam's 0.2 is the default; for 28-px objects that fill their
 * image (MNIST, Fashion-MNIST) a milder 0.5 gave better kNN features in our sweep (docs/results.md).
 */
public final class ViewOptions {
    public static final String MIN_CROP_SCALE = "minCropScale";
    public static final String MIN_CROP_SCALE_HELP = "smallest area fraction of a random resized crop, in (0, 1] (default 0.2, SimSiam's)";

    private ViewOptions() {
    }

    /** The two-view SimSiam augmenter with {@code options}' crop scale, or the defaults. */
    public static TwoViewAugmenter augmenter(Map<String, String> options) {
        String v = options.get(MIN_CROP_SCALE);
        if (v == null) {
            return TwoViewAugmenter.simsiam();
        }
        double min;
        try {
            min = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + MIN_CROP_SCALE + ": '" + v + "' is not a number");
        }
        if (!(min > 0 && min <= 1)) {
            throw new IllegalArgumentException("option " + MIN_CROP_SCALE + " must be in (0, 1], got " + v);
        }
        return TwoViewAugmenter.builder().optAugmentation(ViewAugmentation.SIMSIAM.toBuilder().optCropScale(min, 1).build()).build();
    }
}
