package org.sdrnet.nn;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The architecture of a Vision Transformer {@link BackboneSpec} (Dosovitskiy et al., "An Image is Worth 16x16 Words",
 * ICLR 2021) for small images: a patch embedding (a convolution with kernel = stride = patch size), a learned CLS token
 * and a learned position embedding, {@code depth} pre-norm blocks (LayerNorm → multi-head self-attention → residual;
 * LayerNorm → MLP with GELU → residual), a final LayerNorm, and as feature the CLS token or the mean of the patch
 * tokens ({@link Pooling}). Rendered for DJL by {@link VitBackbone} and for ONNX by the exporter.
 *
 * @param name       preset name or a user label
 * @param inChannels input channels (3: gray images are replicated)
 * @param imageSize  input side in pixels, a multiple of {@code patchSize}
 * @param patchSize  side of a square patch in pixels
 * @param dim        token width, a multiple of {@code heads}
 * @param depth      transformer blocks
 * @param heads      attention heads per block
 * @param mlpRatio   hidden width of each block's MLP over {@code dim}; {@code mlpRatio·dim} must be a whole number
 * @param pooling    which tokens make the feature
 */
public record VitSpec(String name, int inChannels, int imageSize, int patchSize, int dim, int depth, int heads,
                      double mlpRatio, Pooling pooling) implements BackboneSpec {

    /** The ViT presets by name, in the order help texts list them. */
    public static final List<String> PRESETS = List.of("vit-tiny", "vit-test");

    /** The feature of a ViT, read after the final LayerNorm. */
    public enum Pooling {
        /** The CLS token (the ViT paper's choice). */
        CLS,
        /** The mean of the patch tokens (without the CLS token). */
        MEAN;

        /** The pooling named {@code s} ({@code cls}, {@code mean}); an unknown name is an error listing both. */
        public static Pooling parse(String s) {
            for (Pooling p : values()) {
                if (p.name().equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown ViT pooling '" + s + "'; available: cls, mean");
        }
    }

    public VitSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a ViT spec needs a name");
        }
        String at = "ViT '" + name + "': ";
        if (inChannels <= 0 || imageSize <= 0 || patchSize <= 0 || dim <= 0 || depth <= 0 || heads <= 0) {
            throw new IllegalArgumentException(at + "every size must be positive, got in " + inChannels + ", image " + imageSize
                    + ", patch " + patchSize + ", dim " + dim + ", depth " + depth + ", heads " + heads);
        }
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException(at + "image size " + imageSize + " is not a multiple of the patch size " + patchSize);
        }
        if (dim % heads != 0) {
            throw new IllegalArgumentException(at + "dim " + dim + " is not a multiple of the " + heads + " heads");
        }
        double hidden = mlpRatio * dim;
        if (!(mlpRatio > 0) || Math.abs(hidden - Math.rint(hidden)) > 1e-9 || Math.rint(hidden) < 1) {
            throw new IllegalArgumentException(at + "MLP ratio " + mlpRatio + " × dim " + dim + " is not a positive whole width");
        }
        if (pooling == null) {
            throw new IllegalArgumentException(at + "pooling is missing (cls or mean)");
        }
    }

    /**
     * {@code vit-tiny} (METHODS.md §3, [our choice] for 32×32): patch 4 → 64 tokens, dim 192, depth 6, 3 heads, MLP ratio 4,
     * CLS feature.
     */
    public static VitSpec tiny() {
        return new VitSpec("vit-tiny", 3, 32, 4, 192, 6, 3, 4.0, Pooling.CLS);
    }

    /** {@code vit-test}: a very small ViT for tests: patch 8 → 16 tokens, dim 32, depth 2, 2 heads, MLP ratio 2. */
    public static VitSpec test() {
        return new VitSpec("vit-test", 3, 32, 8, 32, 2, 2, 2.0, Pooling.CLS);
    }

    /** A ViT preset by name; an unknown name is an error listing them. */
    public static VitSpec preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "vit-tiny" -> tiny();
            case "vit-test" -> test();
            default -> throw new IllegalArgumentException("unknown ViT preset '" + name + "'; available: " + String.join(", ", PRESETS));
        };
    }

    /** This spec with another feature pooling, named after it when it is not the CLS token ({@code vit-tiny-mean}). */
    public VitSpec withPooling(Pooling p) {
        String base = name.endsWith("-mean") ? name.substring(0, name.length() - 5) : name;
        return new VitSpec(p == Pooling.MEAN ? base + "-mean" : base, inChannels, imageSize, patchSize, dim, depth, heads, mlpRatio, p);
    }

    /** Patches per side. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Patch tokens per image. */
    public int numPatches() {
        return gridSize() * gridSize();
    }

    /** Tokens per image: the patches plus the CLS token. */
    public int numTokens() {
        return numPatches() + 1;
    }

    /** Values per flattened patch, {@code C·p·p}. */
    public int patchDim() {
        return inChannels * patchSize * patchSize;
    }

    /** Width of one attention head. */
    public int headDim() {
        return dim / heads;
    }

    /** Hidden width of each block's MLP. */
    public int mlpDim() {
        return (int) Math.rint(mlpRatio * dim);
    }

    @Override
    public int featureDim() {
        return dim;
    }

    @Override
    public VitBackbone newBlock() {
        return new VitBackbone(this);
    }

    @Override
    public <R> R fold(Function<ResNetSpec, R> resNet, Function<VitSpec, R> vit) {
        return vit.apply(this);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s[in=%dx%d, patch=%d, dim=%d, depth=%d, heads=%d, mlp=%s, pool=%s]", name, inChannels,
                imageSize, patchSize, dim, depth, heads, mlpRatio, pooling.name().toLowerCase(Locale.ROOT));
    }
}
