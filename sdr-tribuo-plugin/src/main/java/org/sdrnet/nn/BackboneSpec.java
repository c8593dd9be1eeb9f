package org.sdrnet.nn;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Locale;
import java.util.function.Function;

/**
 * The architecture of a backbone: a small immutable description from which the project renders both the DJL block
 * for training ({@link #newBlock()}) and the ONNX graph for export. Two kinds: a ResNet-style CNN ({@link ResNetSpec},
 * METHODS.md §0) and a Vision Transformer ({@link VitSpec}, Dosovitskiy et al., ICLR 2021). Code that needs one kind
 * asks for it with {@link #asResNet}/{@link #asVit} (a clear error for the other) or renders both with {@link #fold}.
 * <p>
 * JSON (checkpoint manifests, saved backbones, ONNX metadata) carries no type field: the kind is deduced from the
 * properties ({@code widths} … for a ResNet, {@code patchSize} … for a ViT), so files written before ViTs existed
 * read unchanged and a ResNet spec is written exactly as before.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(ResNetSpec.class), @JsonSubTypes.Type(VitSpec.class)})
public sealed interface BackboneSpec permits ResNetSpec, VitSpec {

    /** Preset name or a user label. */
    String name();

    /** Input channels (3: gray images are replicated). */
    int inChannels();

    /** Input height and width in pixels. */
    int imageSize();

    /** Length of the feature vector. */
    int featureDim();

    /** A new, uninitialised DJL block of this architecture (input NCHW, output {@code [batch, featureDim]}). */
    ParameterBlock newBlock();

    /** Applies the function for this spec's kind: the one place where code renders each kind differently. */
    <R> R fold(Function<ResNetSpec, R> resNet, Function<VitSpec, R> vit);

    /** The NCHW input shape of a batch of {@code batch} images. */
    default Shape inputShape(long batch) {
        return new Shape(batch, inChannels(), imageSize(), imageSize());
    }

    /** This spec as a ResNet; an error naming {@code user} (e.g. "method 'sdr'") when it is another kind. */
    default ResNetSpec asResNet(String user) {
        return fold(r -> r, v -> {
            throw new IllegalArgumentException(user + " needs a ResNet backbone (tiny, small), got the Vision Transformer " + v.name());
        });
    }

    /** This spec as a Vision Transformer; an error naming {@code user} (e.g. "method 'mae'") when it is another kind. */
    default VitSpec asVit(String user) {
        return fold(r -> {
            throw new IllegalArgumentException(user + " needs a Vision Transformer backbone (" + String.join(", ", VitSpec.PRESETS)
                    + "), got the ResNet " + r.name());
        }, v -> v);
    }

    /** {@code tiny}: the ResNet preset (kept here for code written before ViTs). */
    static ResNetSpec tiny() {
        return ResNetSpec.tiny();
    }

    /** {@code small}: the ResNet preset (kept here for code written before ViTs). */
    static ResNetSpec small() {
        return ResNetSpec.small();
    }

    /** A preset by name: {@code tiny}, {@code small} (ResNets) or a ViT preset; an unknown name is an error listing all. */
    static BackboneSpec preset(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (VitSpec.PRESETS.contains(n)) {
            return VitSpec.preset(n);
        }
        if (n.equals("tiny") || n.equals("small")) {
            return ResNetSpec.preset(n);
        }
        throw new IllegalArgumentException("unknown backbone preset '" + name + "'; available: tiny, small, "
                + String.join(", ", VitSpec.PRESETS));
    }
}
