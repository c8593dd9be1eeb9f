package org.sdrnet.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter naming and block layout of a {@link ResNetSpec}, shared by the DJL block, the ONNX writer
 * and weight extraction so all three walk the network identically.
 * Names: {@code stem.conv.weight}, {@code stem.bn.gamma}, {@code stage2.block0.conv1.weight},
 * {@code stage2.block0.down.bn.runningVar}, …
 */
public final class ResNetNames {
    public static final String STEM = "stem";

    private ResNetNames() {
    }

    /**
     * One residual block: its name prefix, stage index, output width, stride, and whether its shortcut needs
     * a 1×1 convolution (stride or width changes).
     */
    public record Unit(String prefix, int stage, int out, int stride, boolean hasShortcutConv) {
    }

    /** The residual blocks of {@code spec} in forward order. */
    public static List<Unit> units(ResNetSpec spec) {
        List<Unit> units = new ArrayList<>();
        int[] widths = spec.widths();
        int[] blocks = spec.blocks();
        int[] strides = spec.strides();
        int in = widths[0];
        for (int s = 0; s < widths.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                int stride = b == 0 ? strides[s] : 1;
                units.add(new Unit("stage" + (s + 1) + ".block" + b, s, widths[s], stride, stride != 1 || in != widths[s]));
                in = widths[s];
            }
        }
        return units;
    }
}
