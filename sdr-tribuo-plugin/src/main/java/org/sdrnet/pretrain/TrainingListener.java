package org.sdrnet.pretrain;

import org.sdrnet.spi.TrainingSummary;

import java.util.Map;

/**
 * Watches a {@link TrainingLoop} run (as DJL's {@code TrainingListener} watches a trainer): the JSON-lines log, the
 * progress bar and the checkpoint policy are listeners, and a method adds its own with
 * {@link TrainingLoop#withListener}. Calls come on the training thread, in order: {@link #onStart}, {@link #onStep}
 * after every step, {@link #onEnd} when the run stops (finished or stopped early), and {@link #close} always.
 */
public interface TrainingListener extends AutoCloseable {

    /**
     * A run begins.
     *
     * @param label         what is trained (the progress bar's label)
     * @param startStep     steps already done (non-zero when resuming)
     * @param endStep       the step the run stops after (the total, or an earlier stop)
     * @param totalSteps    steps of the whole schedule
     * @param stepsPerEpoch steps per pass over the pool
     */
    record RunStart(String label, long startStep, long endStep, long totalSteps, int stepsPerEpoch) {
    }

    /**
     * A step ended.
     *
     * @param stepsDone       global steps done, this one included
     * @param epochEnd        this step ended an epoch
     * @param last            this step is the run's last
     * @param record          the log record (step, epoch, loss, lr, metrics, throughput) on logged steps; empty on others
     * @param loss            the last logged loss (NaN before the first logged step)
     * @param imagesPerSecond training throughput since the run (or its resumption) began
     */
    record StepEnd(long stepsDone, boolean epochEnd, boolean last, Map<String, Object> record, float loss, double imagesPerSecond) {
        public boolean logged() {
            return !record.isEmpty();
        }
    }

    default void onStart(RunStart run) {
    }

    default void onStep(StepEnd step) {
    }

    default void onEnd(TrainingSummary summary) {
    }

    @Override
    default void close() {
    }
}
