package org.sdrnet.pretrain.simsiam;

import org.sdrnet.data.augment.TwoViewAugmenter;
import org.sdrnet.data.augment.ViewAugmentation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The augmentation options of the SimSiam-based methods ({@code unified}, {@code sdr}), each a change to SimSiam's
 * view recipe: {@code minCropScale}, the smallest area fraction a random resized crop keeps (SimSiam's 0.2 is the
 * default; for 28-px objects that fill their image a milder 0.5 gave better kNN features in our sweep,
 * docs/results.md); {@code flip}, the probability of a horizontal flip (default ½: a flip-invariant feature cannot
 * tell mirror-image glyphs apart); {@code blur}, the probability of the Gaussian blur (default ½; CIFAR-scale
 * recipes drop it); {@code jitter}, the colour-jitter strength S of SimCLR (brightness, contrast, saturation 0.8 S,
 * hue 0.2 S; SimSiam's values are S = ½, the default); {@code grayscale}, the probability of a gray view (default 0.2).
 */
public final class ViewOptions {
    public static final String MIN_CROP_SCALE = "minCropScale";
    public static final String FLIP = "flip";
    public static final String BLUR = "blur";
    public static final String JITTER = "jitter";
    public static final String GRAYSCALE = "grayscale";

    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put(MIN_CROP_SCALE, new Option(
                "smallest area fraction of a random resized crop, in (0, 1] (default 0.2, SimSiam's)", false,
                (b, v) -> b.optCropScale(v, 1)));
        OPTIONS.put(FLIP, new Option("probability of a horizontal flip per view, in [0, 1] (default 0.5)", true,
                ViewAugmentation.Builder::optFlipProbability));
        OPTIONS.put(BLUR, new Option("probability of the Gaussian blur per view, in [0, 1] (default 0.5)", true,
                ViewAugmentation.Builder::optBlurProbability));
        OPTIONS.put(JITTER, new Option("colour-jitter strength in [0, 1]: brightness, contrast and saturation 0.8 S, hue "
                + "0.2 S, as SimCLR's strength S (default 0.5, SimSiam's 0.4/0.4/0.4/0.1)", true,
                (b, v) -> b.optJitter(0.8 * v, 0.8 * v, 0.8 * v, 0.2 * v)));
        OPTIONS.put(GRAYSCALE, new Option("probability of turning a view gray, in [0, 1] (default 0.2)", true,
                ViewAugmentation.Builder::optGrayscaleProbability));
    }

    private record Option(String help, boolean zeroAllowed,
                          BiFunction<ViewAugmentation.Builder, Double, ViewAugmentation.Builder> apply) {
    }

    private ViewOptions() {
    }

    /** The augmentation options and their help texts, for a method's {@code options()}. */
    public static Map<String, String> help() {
        Map<String, String> help = new LinkedHashMap<>();
        OPTIONS.forEach((name, o) -> help.put(name, o.help()));
        return help;
    }

    /** Whether {@code name} is one of these augmentation options. */
    public static boolean isViewOption(String name) {
        return OPTIONS.containsKey(name);
    }

    /** The two-view SimSiam augmenter with {@code options}' augmentation settings (others are ignored), or the defaults. */
    public static TwoViewAugmenter augmenter(Map<String, String> options) {
        ViewAugmentation.Builder b = ViewAugmentation.SIMSIAM.toBuilder();
        boolean changed = false;
        for (Map.Entry<String, Option> e : OPTIONS.entrySet()) {
            String v = options.get(e.getKey());
            if (v != null) {
                b = e.getValue().apply().apply(b, parse(e.getKey(), v, e.getValue().zeroAllowed()));
                changed = true;
            }
        }
        return changed ? TwoViewAugmenter.builder().optAugmentation(b.build()).build() : TwoViewAugmenter.simsiam();
    }

    private static double parse(String name, String v, boolean zeroAllowed) {
        double x;
        try {
            x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + ": '" + v + "' is not a number");
        }
        boolean ok = zeroAllowed ? x >= 0 && x <= 1 : x > 0 && x <= 1;
        if (!ok) {
            throw new IllegalArgumentException("option " + name + " must be in " + (zeroAllowed ? "[0, 1]" : "(0, 1]")
                    + ", got " + v);
        }
        return x;
    }
}
