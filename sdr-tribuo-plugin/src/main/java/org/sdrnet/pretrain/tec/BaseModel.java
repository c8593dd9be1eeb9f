package org.sdrnet.pretrain.tec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.sdrnet.checkpoint.BackboneDigest;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.runtime.OnnxVitReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TEC's frozen base model (Gao et al. 2022, §3): a Vision Transformer read from a run or checkpoint directory, a saved
 * backbone directory or an ONNX file exported by this library ({@link OnnxVitReader}), checked against the student's
 * architecture, run without gradients on the full image to give the {@link BaseTargets}.
 */
public final class BaseModel {
    private final Backbone backbone;
    private final VitBackbone net;
    private final ParameterStore ps;

    private BaseModel(Backbone backbone, VitBackbone net, NDManager manager) {
        this.backbone = backbone;
        this.net = net;
        this.ps = new ParameterStore(manager, false);
    }

    /** The targets of one batch, without gradient. */
    public record Targets(NDArray features, BaseTargets.Relation relation) {
    }

    /**
     * The backbone at {@code source}: a run directory (its {@code checkpoint/}), a checkpoint directory, a saved backbone
     * directory ({@link BackboneFiles}) or an exported {@code .onnx} file. Any backbone kind; {@link #requireMatching}
     * checks it.
     */
    public static Backbone read(Path source) {
        if (source == null || source.toString().isBlank()) {
            throw new IllegalArgumentException("method 'tec' needs a base model: --base FILE_OR_RUN (or -o " + TecSettings.BASE
                    + "=…): an mae run or checkpoint directory, or an exported ONNX ViT");
        }
        if (Files.isRegularFile(source)) {
            if (!OnnxVitReader.isOnnxFile(source)) {
                throw new IllegalArgumentException("base model " + source + " is a file but not an .onnx export; give an mae run or "
                        + "checkpoint directory, or an ONNX ViT exported by sdr export");
            }
            return OnnxVitReader.read(source);
        }
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("base model " + source + " does not exist");
        }
        if (Files.isRegularFile(source.resolve(BackboneFiles.HEADER))) {
            return BackboneFiles.read(source);
        }
        Path ckpt = Files.isDirectory(source.resolve(TrainingLoop.CHECKPOINT_DIR)) ? source.resolve(TrainingLoop.CHECKPOINT_DIR) : source;
        if (!CheckpointStore.exists(ckpt)) {
            throw new IllegalArgumentException("base model " + source + " is neither a run or checkpoint directory (no "
                    + CheckpointStore.MANIFEST + ") nor a saved backbone (no " + BackboneFiles.HEADER + ")");
        }
        return CheckpointStore.backbone(ckpt);
    }

    /**
     * {@code base}'s spec as a ViT with the student's architecture (image size, channels, patch, width, depth, heads, MLP
     * ratio; name and pooling may differ); otherwise an error naming both.
     */
    public static VitSpec requireMatching(BackboneSpec base, VitSpec student, Path source) {
        if (!(base instanceof VitSpec v)) {
            throw new IllegalArgumentException("base model " + source + " is " + base + ", not a Vision Transformer; TEC's base "
                    + "must be a ViT of the student's size (" + student + ")");
        }
        boolean same = v.inChannels() == student.inChannels() && v.imageSize() == student.imageSize()
                && v.patchSize() == student.patchSize() && v.dim() == student.dim() && v.depth() == student.depth()
                && v.heads() == student.heads() && v.mlpRatio() == student.mlpRatio();
        if (!same) {
            throw new IllegalArgumentException("base model " + source + " is " + v + ", but the student is " + student
                    + "; TEC trains a student of the base's size (choose the matching --backbone)");
        }
        return v;
    }

    /**
     * Refuses an exported base whose recorded input normalisation differs from {@code training}'s, the one the run feeds
     * it: its features would be computed on inputs it never saw. Checkpoints and saved backbones carry none and were
     * trained by this library with its own.
     */
    public static void requireInputs(Path source, Normalization training) {
        if (source != null && OnnxVitReader.isOnnxFile(source)) {
            Normalization recorded = OnnxVitReader.metadata(source).normalization();
            if (!recorded.equals(training)) {
                throw new IllegalArgumentException("base model " + source + " expects inputs normalised with " + recorded
                        + ", but this run feeds " + training);
            }
        }
    }

    /** The frozen base {@code backbone} on {@code manager}'s device (its parameters need no gradient). */
    public static BaseModel load(Backbone backbone, NDManager manager) {
        VitBackbone net = (VitBackbone) backbone.toDjl(manager);
        net.freezeParameters(true);
        return new BaseModel(backbone, net, manager);
    }

    public Backbone backbone() {
        return backbone;
    }

    /** SHA-256 of the base's spec and weights, recorded with the run so a resume on another base is refused. */
    public String digest() {
        return BackboneDigest.of(backbone);
    }

    /** The feature and relation targets of {@code images} [B, C, S, S] (the full image), detached from any gradient. */
    public Targets targets(NDArray images, int featureLayers, int topK, boolean relationCls) {
        NDArray tokens = net.prependCls(ps, net.embedPatches(ps, images, false), false);
        List<NDArray> outputs = net.blockOutputs(ps, tokens, false);
        int last = outputs.size() - 1;
        NDArray lastInput = last == 0 ? tokens : outputs.get(last - 1);
        NDArray logits = net.attentionLogits(ps, lastInput, last, false).stopGradient();
        NDArray features = BaseTargets.features(outputs, featureLayers).stopGradient();
        BaseTargets.Relation r = BaseTargets.relation(logits, topK, relationCls);
        return new Targets(features, new BaseTargets.Relation(r.logits().stopGradient(), r.patches(), r.rows()));
    }

    /** The DJL block of the base (for tests: its parameters must never get a gradient). */
    VitBackbone network() {
        return net;
    }
}
