package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.BackboneSpec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pretraining method contributes to the shared {@link TrainingLoop}: its networks' parameters and
 * the loss of one batch. The loop owns everything else (order, schedule, optimizer, checkpoints, logs).
 */
public interface TrainingObjective {

    /**
     * The loss to minimise for one batch and the figures to log with it (e.g. the collapse monitor), as scalar arrays
     * still on the device: the loop reads them only on logged steps, so other steps never wait for the device.
     * {@code inactive} names trainable parameters this step did not use (e.g. the BatchNorm of a slimmable width that
     * did not run): the optimizer leaves them and their momentum untouched in this step, as if they had no gradient.
     */
    record StepOutput(NDArray loss, Map<String, NDArray> metrics, Set<String> inactive) {
        public StepOutput {
            inactive = Set.copyOf(inactive);
        }

        /** A step that used every parameter. */
        public StepOutput(NDArray loss, Map<String, NDArray> metrics) {
            this(loss, metrics, Set.of());
        }
    }

    /** Method name recorded in the checkpoint, e.g. {@code unified}. */
    String method();

    /** Name on the progress bar (e.g. the level of a progressive method). Default: the method name. */
    default String progressLabel() {
        return method();
    }

    /** Architecture of the backbone that survives pretraining. */
    BackboneSpec backbone();

    /** The method's settings, recorded in the checkpoint and compared on resume. */
    Map<String, Object> settings();

    /** Every parameter to checkpoint, by name; those requiring gradients are optimised. */
    Map<String, Parameter> parameters();

    /** Learning-rate factors of some parameters, by name, for the whole run (absent = 1). Default: none. */
    default Map<String, Float> learningRateFactors() {
        return Map.of();
    }

    /**
     * The augmented views of one batch: host work only (no engine arrays), a pure function of its arguments, so the
     * loop runs it for the next step on another thread while this step computes.
     *
     * @param indices  images of the batch, as indices into the pool
     * @param stepSeed seed of all sampling in this step (augmentation), a function of the run seed and the step
     */
    List<ViewBatch> views(int[] indices, long stepSeed);

    /**
     * Forward pass of one batch in training mode, inside the loop's gradient scope. Every array it creates must
     * belong to {@code stepManager}, which the loop closes after the step.
     *
     * @param indices images of the batch, as indices into the pool
     * @param views   what {@link #views} returned for these indices and this step's seed
     */
    StepOutput forward(ParameterStore ps, NDManager stepManager, int[] indices, List<ViewBatch> views);

    /**
     * Called on the loop's thread before the forward pass of global step {@code step} (0-based), also the first step
     * after a resume: for a method whose step depends on the step number beyond its views (e.g. which widths run).
     * Anything it draws must be a function of the run seed and {@code step}, so a resumed run equals an uninterrupted
     * one. Default: nothing.
     */
    default void beforeStep(long step) {
    }

    /**
     * The optimizer of this objective's parameters under the loop settings {@code loop}, its state on {@code manager}.
     * Default: {@link Sgd} with the loop's momentum and weight decay. A method that offers another (e.g. {@link AdamW})
     * records the choice in its {@link #settings()}, so a resumed run makes the same.
     */
    default Optimizer optimizer(org.sdrnet.spi.LoopSettings loop, NDManager manager) {
        return new Sgd(loop.momentum(), loop.weightDecay(), manager);
    }

    /**
     * Called after the optimizer has applied this step's update (not after a step skipped for non-finite gradients),
     * before the step's listeners and checkpoint: for state that follows the updated weights, such as an EMA teacher.
     * Temporary arrays belong to {@code stepManager}, closed after the step. Default: nothing.
     */
    default void afterStep(NDManager stepManager) {
    }
}
