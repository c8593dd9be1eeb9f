package org.sdrnet.tribuo;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;

/**
 * Real data and backbones shared by this package's tests, made once per test JVM: a class-balanced subset of D5
 * (scikit-learn digits, 10 classes) and a randomly initialised tiny backbone, whose features are far from chance
 * on digits even untrained.
 */
final class Fixtures {
    /** Chance accuracy on D5 is 0.1; random conv features must do much better than this. */
    static final double WELL_ABOVE_CHANCE = 0.5;

    private static DownstreamTask d5;
    private static Backbone backbone;

    private Fixtures() {
    }

    static synchronized DownstreamTask d5() {
        if (d5 == null) {
            d5 = DataCatalog.defaults().task("D5", Preset.TINY, 0);
        }
        return d5;
    }

    /** 30 training images per class. */
    static ImageSet train() {
        return perClass(d5().splits().get(0).train(), 30, "D5-train-300");
    }

    /** 20 test images per class. */
    static ImageSet test() {
        return perClass(d5().splits().get(0).test(), 20, "D5-test-200");
    }

    static synchronized Backbone backbone() {
        if (backbone == null) {
            backbone = Backbone.randomInit(ResNetSpec.tiny(), 7);
        }
        return backbone;
    }

    /** The first {@code n} images of every class, in set order. */
    static ImageSet perClass(ImageSet set, int n, String name) {
        int[] taken = new int[set.numClasses()];
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (taken[set.label(i)]++ < n) {
                idx.add(i);
            }
        }
        return set.subset(name, idx.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Fraction of predictions whose label is the image's class name. */
    static double accuracy(List<Prediction<Label>> predictions, ImageSet images) {
        int right = 0;
        for (int i = 0; i < predictions.size(); i++) {
            if (predictions.get(i).getOutput().getLabel().equals(images.classNames().get(images.label(i)))) {
                right++;
            }
        }
        return right / (double) images.size();
    }
}
