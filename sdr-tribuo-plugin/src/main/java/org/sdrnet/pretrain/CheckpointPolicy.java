package org.sdrnet.pretrain;

import java.util.function.LongConsumer;

/**
 * When to checkpoint: every {@code every} steps, at each epoch end and after the run's last step.
 *
 * @param every steps between checkpoints
 * @param save  writes the checkpoint of a given global step count
 */
record CheckpointPolicy(int every, LongConsumer save) implements TrainingListener {

    @Override
    public void onStep(StepEnd step) {
        if (step.stepsDone() % every == 0 || step.epochEnd() || step.last()) {
            save.accept(step.stepsDone());
        }
    }
}
