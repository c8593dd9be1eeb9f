package org.sdrnet.nn;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * The architecture of a slimmable ResNet (DSPNet, Wang et al. 2022; METHODS.md §2): one {@link ResNetSpec} at full
 * width plus the width multipliers it can run at. At multiplier {@code w} every stage (and the stem, which has the first
 * stage's width) keeps its first ⌈w·C⌉ channels; the input channels are never sliced. Each width is an ordinary ResNet
 * ({@link #specAt(double)}), which is what an extracted width becomes.
 *
 * @param base        the full-width network (multiplier 1)
 * @param multipliers the widths it runs at: strictly ascending, each in (0, 1], the last one 1
 */
public record SlimmableSpec(ResNetSpec base, double[] multipliers) {
    /** DSPNet's widths (METHODS.md §2). */
    private static final double[] DEFAULT_MULTIPLIERS = {0.25, 0.5, 0.75, 1.0};

    public SlimmableSpec {
        if (multipliers.length == 0) {
            throw new IllegalArgumentException("slimmable '" + base.name() + "': no width multipliers given");
        }
        for (int i = 0; i < multipliers.length; i++) {
            double w = multipliers[i];
            if (!(w > 0 && w <= 1)) {
                throw new IllegalArgumentException("slimmable '" + base.name() + "': width multiplier " + w
                        + " is outside (0, 1]; got " + Arrays.toString(multipliers));
            }
            if (i > 0 && w <= multipliers[i - 1]) {
                throw new IllegalArgumentException("slimmable '" + base.name() + "': width multipliers must be strictly ascending, "
                        + "but " + w + " follows " + multipliers[i - 1] + " in " + Arrays.toString(multipliers));
            }
        }
        if (multipliers[multipliers.length - 1] != 1.0) {
            throw new IllegalArgumentException("slimmable '" + base.name() + "': width multipliers " + Arrays.toString(multipliers)
                    + " must contain 1.0 (the full network holds the weights every width slices)");
        }
        multipliers = multipliers.clone();
        for (double w : multipliers) {
            requireSameShortcuts(base, w, channelsAt(base, w));
        }
    }

    /** {@code base} at DSPNet's widths {0.25, 0.5, 0.75, 1.0}. */
    public static SlimmableSpec defaults(ResNetSpec base) {
        return new SlimmableSpec(base, DEFAULT_MULTIPLIERS);
    }

    /** Output channels of each stage at multiplier {@code width} (one of {@link #multipliers()}): ⌈w·C⌉, at least 1. */
    public int[] widthsAt(double width) {
        requireDeclared(width);
        return channelsAt(base, width);
    }

    /** The plain ResNet of multiplier {@code width}, named after it ({@code tiny-x0.5}). */
    public ResNetSpec specAt(double width) {
        return new ResNetSpec(base.name() + "-x" + plain(width), base.inChannels(), base.imageSize(), widthsAt(width),
                base.blocks(), base.strides());
    }

    /**
     * The name part of a width's private parameters: {@code x} and the multiplier with '_' for the decimal point
     * ({@code x0_25}, {@code x1}), so parameter names keep '.' as their only separator.
     */
    public static String label(double width) {
        return "x" + plain(width).replace('.', '_');
    }

    /** Fails unless {@code width} is one of this spec's multipliers, naming it and the ones available. */
    public void requireDeclared(double width) {
        for (double w : multipliers) {
            if (w == width) {
                return;
            }
        }
        throw new IllegalArgumentException("width " + width + " is not one of the multipliers " + Arrays.toString(multipliers)
                + " of slimmable '" + base.name() + "'");
    }

    private static int[] channelsAt(ResNetSpec base, double width) {
        int[] c = base.widths();
        for (int s = 0; s < c.length; s++) {
            // the small slack keeps exact products exact (0.1·30 is 3.0000000000000004 in binary)
            c[s] = Math.max(1, (int) Math.ceil(width * c[s] - 1e-9));
        }
        return c;
    }

    /**
     * A width whose channels make two adjacent stages equal where the full network's differ would lose a stride-1
     * shortcut convolution in its plain ResNet, so it could not be extracted: rejected here.
     */
    private static void requireSameShortcuts(ResNetSpec base, double width, int[] channels) {
        List<ResNetNames.Unit> full = ResNetNames.units(base);
        List<ResNetNames.Unit> slim = ResNetNames.units(base.withWidths(channels));
        for (int i = 0; i < full.size(); i++) {
            if (full.get(i).hasShortcutConv() != slim.get(i).hasShortcutConv()) {
                throw new IllegalArgumentException("slimmable '" + base.name() + "': width multiplier " + width + " gives "
                        + Arrays.toString(channels) + " channels, which removes the shortcut convolution of "
                        + full.get(i).prefix() + "; choose another multiplier");
            }
        }
    }

    private static String plain(double width) {
        return BigDecimal.valueOf(width).stripTrailingZeros().toPlainString();
    }

    @Override
    public double[] multipliers() {
        return multipliers.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlimmableSpec s && base.equals(s.base) && Arrays.equals(multipliers, s.multipliers);
    }

    @Override
    public int hashCode() {
        return 31 * base.hashCode() + Arrays.hashCode(multipliers);
    }

    @Override
    public String toString() {
        return "slimmable " + base + " at widths " + Arrays.toString(multipliers);
    }
}
