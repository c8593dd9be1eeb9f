package org.sdrnet.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * The architecture of a ResNet-style {@link BackboneSpec} for small images (METHODS.md §0): a 3×3 stem convolution,
 * then stages of basic residual blocks, then global average pooling. One immutable description from which
 * the project renders both the DJL block for training ({@link ResNetBackbone}) and the ONNX graph for export.
 *
 * @param name         preset name or a user label
 * @param inChannels   input channels (3: gray images are replicated)
 * @param imageSize    input side in pixels
 * @param widths       output channels of each stage (the stem has the first stage's width)
 * @param blocks       residual blocks per stage
 * @param strides      stride of the first block of each stage
 */
public record ResNetSpec(String name, int inChannels, int imageSize, int[] widths, int[] blocks, int[] strides)
        implements BackboneSpec {

    public ResNetSpec {
        if (widths.length == 0 || widths.length != blocks.length || widths.length != strides.length) {
            throw new IllegalArgumentException("backbone '" + name + "': widths, blocks and strides need one entry per stage, got "
                    + Arrays.toString(widths) + ", " + Arrays.toString(blocks) + ", " + Arrays.toString(strides));
        }
        for (int s = 0; s < widths.length; s++) {
            if (widths[s] <= 0 || blocks[s] <= 0 || strides[s] <= 0) {
                throw new IllegalArgumentException("backbone '" + name + "': stage " + s + " has a non-positive setting");
            }
        }
        if (inChannels <= 0 || imageSize <= 0) {
            throw new IllegalArgumentException("backbone '" + name + "': input " + inChannels + "x" + imageSize + " is invalid");
        }
        widths = widths.clone();
        blocks = blocks.clone();
        strides = strides.clone();
    }

    /** {@code tiny}: widths 16-32-64-128, one block per stage, strides 1-2-2-2, 3×32×32 input. */
    public static ResNetSpec tiny() {
        return new ResNetSpec("tiny", 3, 32, new int[] {16, 32, 64, 128}, new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});
    }

    /** {@code small}: widths 32-64-128-256, one block per stage, strides 1-2-2-2, 3×32×32 input. */
    public static ResNetSpec small() {
        return new ResNetSpec("small", 3, 32, new int[] {32, 64, 128, 256}, new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});
    }

    /** A ResNet preset by name ({@code tiny}, {@code small}); an unknown name is an error listing both. */
    public static ResNetSpec preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> tiny();
            case "small" -> small();
            default -> throw new IllegalArgumentException("unknown backbone preset '" + name + "'; available: tiny, small");
        };
    }

    /**
     * This spec with other stage widths, named after them ({@code tiny-w24-40-80-160}): any width works, also one the
     * native kernels get wrong ({@link ConvGuard}).
     */
    public ResNetSpec withWidths(int[] newWidths) {
        if (newWidths.length != widths.length) {
            throw new IllegalArgumentException("backbone '" + name + "' has " + widths.length + " stages, got "
                    + newWidths.length + " widths " + Arrays.toString(newWidths));
        }
        StringBuilder n = new StringBuilder(name).append("-w");
        for (int i = 0; i < newWidths.length; i++) {
            n.append(i == 0 ? "" : "-").append(newWidths[i]);
        }
        return new ResNetSpec(n.toString(), inChannels, imageSize, newWidths, blocks, strides);
    }

    public int numStages() { return widths.length; }

    /** Length of the feature vector: the last stage's width. */
    @Override
    public int featureDim() { return widths[widths.length - 1]; }

    @Override
    public ResNetBackbone newBlock() {
        return new ResNetBackbone(this);
    }

    @Override
    public <R> R fold(java.util.function.Function<ResNetSpec, R> resNet, java.util.function.Function<VitSpec, R> vit) {
        return resNet.apply(this);
    }

    @Override
    public int[] widths() { return widths.clone(); }

    @Override
    public int[] blocks() { return blocks.clone(); }

    @Override
    public int[] strides() { return strides.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResNetSpec b && name.equals(b.name) && inChannels == b.inChannels && imageSize == b.imageSize
                && Arrays.equals(widths, b.widths) && Arrays.equals(blocks, b.blocks) && Arrays.equals(strides, b.strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(widths)) + Arrays.hashCode(blocks) + 7 * Arrays.hashCode(strides);
    }

    @Override
    public String toString() {
        return name + "[in=" + inChannels + "x" + imageSize + ", widths=" + Arrays.toString(widths)
                + ", blocks=" + Arrays.toString(blocks) + ", strides=" + Arrays.toString(strides) + "]";
    }
}
