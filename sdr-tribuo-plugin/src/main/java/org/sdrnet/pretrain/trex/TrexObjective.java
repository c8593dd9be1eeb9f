package org.sdrnet.pretrain.trex;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.MultiCropAugmenter;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.pretrain.TrainingObjective;
import org.sdrnet.pretrain.ViewTensors;
import org.sdrnet.pretrain.loss.SiameseLosses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One t-ReX step (Sariyildiz et al., ICLR 2023, "No Reason for No Supervision"; METHODS.md §4): every crop (one global,
 * then the local ones) goes through the student; its logits are a cosine softmax (÷ τ) of the normalised projection
 * against the class prototypes of the memory bank; the loss is the cross-entropy averaged over all crops. The EMA
 * copy's normalised projection of the first global crop is computed in the forward pass (no gradient) and written to
 * the memory after the optimizer step ({@link #afterStep}), before the copy moves towards the updated student: the
 * memory is only read by the forward pass, so this is the paper's "update after the loss", and a step skipped for
 * non-finite gradients leaves memory and copy untouched. [our choice] The stored feature is the copy's normalised
 * projection, the same space as the student's, so the random unit rows it starts with are of the same kind.
 * <p>
 * The baselines ({@link TrexSettings.Classifier}) replace the prototypes by learned class weights and use neither the
 * memory nor the copy. Global and local crops run as two forward passes (they differ in size), each with its own
 * batch statistics.
 * <p>
 * Checkpointed parameters: the student ({@code backbone.*}, {@code projector.*}, {@code classifier.*}), and frozen, so
 * the optimizer skips them, the copy ({@code ema.*}) and the memory ({@code memory.*}): a resumed run equals an
 * uninterrupted one, and {@code backbone.*} alone is the exported network.
 */
public final class TrexObjective implements TrainingObjective {
    static final String CLASSIFIER = "classifier.";
    static final String EMA = "ema.";
    static final String MEMORY = "memory.";
    private final TrexNetwork student;
    private final LearnedClassifier classifier;
    private final EmaCopy ema;
    private final MemoryBank memory;
    private final TrexSettings settings;
    private final ImageSet pool;
    private final MultiCropAugmenter augmenter;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private NDArray pendingFeatures;
    private int[] pendingLabels;

    /**
     * @param classifier the learned class weights of a baseline, or null for prototypes
     * @param ema        the EMA copy, or null when the classifier is not prototypes
     * @param memory     the memory bank, or null when the classifier is not prototypes
     */
    public TrexObjective(TrexNetwork student, LearnedClassifier classifier, EmaCopy ema, MemoryBank memory,
                         TrexSettings settings, ImageSet pool, MultiCropAugmenter augmenter) {
        if (!pool.isLabeled()) {
            throw new IllegalArgumentException("trex needs a labelled pool; '" + pool.name() + "' has no labels");
        }
        if (settings.usesMemory() != (ema != null && memory != null) || settings.usesMemory() == (classifier != null)) {
            throw new IllegalArgumentException("trex classifier '" + settings.classifier().label()
                    + "' needs " + (settings.usesMemory() ? "an EMA copy and a memory bank, and no learned classifier"
                    : "a learned classifier, and no EMA copy or memory bank"));
        }
        if (memory != null && (memory.numClasses() != pool.numClasses() || memory.dim() != student.embeddingDim())) {
            throw new IllegalArgumentException("trex memory bank of " + memory.numClasses() + " classes × " + memory.dim()
                    + " does not fit pool '" + pool.name() + "' (" + pool.numClasses() + " classes) and embedding "
                    + student.embeddingDim());
        }
        if (augmenter.numGlobal() != 1) {
            throw new IllegalArgumentException("trex needs exactly one global crop, got " + augmenter.numGlobal());
        }
        this.student = student;
        this.classifier = classifier;
        this.ema = ema;
        this.memory = memory;
        this.settings = settings;
        this.pool = pool;
        this.augmenter = augmenter;
        parameters.putAll(student.namedParameters());
        if (classifier != null) {
            classifier.namedParameters().forEach((k, v) -> parameters.put(CLASSIFIER + k, v));
        }
        if (ema != null) {
            ema.namedParameters().forEach((k, v) -> parameters.put(EMA + k, v));
            memory.namedParameters().forEach((k, v) -> parameters.put(MEMORY + k, v));
        }
    }

    @Override
    public String method() {
        return TrexMethod.NAME;
    }

    @Override
    public ResNetSpec backbone() {
        return student.spec();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(TrexSettings.CLASSIFIER, settings.classifier().label());
        m.put(TrexSettings.PROJECTOR_DEPTH, settings.hasProjector() ? settings.projectorDepth() : 0);
        m.put(TrexSettings.PROJECTOR_HIDDEN, settings.projectorHidden());
        m.put(TrexSettings.PROJECTION_DIM, settings.projectionDim());
        m.put(TrexSettings.TEMPERATURE, (double) settings.temperature());
        m.put(TrexSettings.MEMORY_SIZE, memory != null ? memory.capacity() : 0);
        m.put(TrexSettings.EMA_MOMENTUM, (double) settings.emaMomentum());
        TrexSettings.Crops c = settings.crops();
        m.put(TrexSettings.LOCAL_CROPS, c.locals());
        m.put(TrexSettings.LOCAL_SIZE, c.localSize());
        m.put(TrexSettings.GLOBAL_SCALE, c.globalScaleMin() + "," + c.globalScaleMax());
        m.put(TrexSettings.LOCAL_SCALE, c.localScaleMin() + "," + c.localScaleMax());
        m.put("classes", pool.numClasses());
        m.put("augmentation", augmenter.toString());
        return m;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public List<ViewBatch> views(int[] indices, long stepSeed) {
        return augmenter.augment(pool, indices, stepSeed);
    }

    @Override
    public void beforeStep(long step) {
        pendingFeatures = null; // a skipped step's features are never written
        pendingLabels = null;
    }

    @Override
    public StepOutput forward(ParameterStore ps, NDManager sm, int[] indices, List<ViewBatch> views) {
        int b = indices.length;
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            labels[i] = pool.label(indices[i]);
        }
        NDArray global = ViewTensors.stack(sm, views.subList(0, 1));
        NDArray prototypes = memory == null ? null
                : Prototypes.of(sm, memory.features(), memory.labels(), memory.numClasses());
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        NDArray globalLoss = crossEntropy(sm, logits(ps, global, prototypes), labels, 1);
        metrics.put("ce.global", globalLoss);
        NDArray loss = globalLoss;
        int locals = views.size() - 1;
        if (locals > 0) {
            NDArray local = ViewTensors.stack(sm, views.subList(1, views.size()));
            NDArray localLoss = crossEntropy(sm, logits(ps, local, prototypes), labels, locals);
            metrics.put("ce.local", localLoss);
            // mean over all crops: (1·global + L·mean of locals) / (1 + L)
            loss = SiameseLosses.scaled(globalLoss.add(SiameseLosses.scaled(localLoss, locals)), 1f / (1 + locals));
        }
        if (ema != null) {
            pendingFeatures = ema.embed(ps, global);
            pendingLabels = labels;
        }
        return new StepOutput(loss, metrics);
    }

    private NDArray logits(ParameterStore ps, NDArray images, NDArray prototypes) {
        NDArray z = student.embed(ps, images, true);
        if (prototypes != null) {
            return SiameseLosses.scaled(z.matMul(prototypes.transpose()), 1f / settings.temperature()); // gradients flow only through z
        }
        return classifier.forward(ps, new NDList(z), true).singletonOrThrow();
    }

    /** Mean cross-entropy of {@code logits} [crops·b, C] whose rows are {@code crops} crops of the labelled batch, crop-major. */
    static NDArray crossEntropy(NDManager sm, NDArray logits, int[] labels, int crops) {
        int b = labels.length;
        int c = (int) logits.getShape().get(1);
        float[] oneHot = new float[crops * b * c];
        for (int v = 0; v < crops; v++) {
            for (int i = 0; i < b; i++) {
                oneHot[(v * b + i) * c + labels[i]] = 1f;
            }
        }
        NDArray target = sm.create(oneHot, new Shape(crops * b, c));
        return logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
    }

    @Override
    public void afterStep(NDManager stepManager) {
        if (ema != null && pendingFeatures != null) {
            memory.enqueue(pendingFeatures, pendingLabels);
            ema.update(settings.emaMomentum(), stepManager);
        }
        pendingFeatures = null;
        pendingLabels = null;
    }
}
