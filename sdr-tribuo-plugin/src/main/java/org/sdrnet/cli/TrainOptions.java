package org.sdrnet.cli;

import org.sdrnet.spi.LoopSettings;
import picocli.CommandLine.Option;

/** Loop settings on the command line; defaults are {@link LoopSettings#defaults()}. */
final class TrainOptions {
    private static final LoopSettings D = LoopSettings.defaults();

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the pool (default: 10).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Images per step (default: 64).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate at batch 256, scaled linearly with --batch (default: 0.8).")
    Float lr;

    @Option(names = "--warmup", paramLabel = "EPOCHS", description = "Warm-up epochs (default: 1).")
    Integer warmup;

    @Option(names = "--seed", paramLabel = "N", description = "Run seed (default: 42).")
    Long seed;

    @Option(names = "--max-grad-norm", paramLabel = "NORM",
            description = "Clip the global gradient norm to NORM; 0 = no clipping (default: 2).")
    Float maxGradNorm;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Steps between checkpoints (default: 200).")
    Integer checkpointEvery;

    @Option(names = "--no-progress", description = "No progress bar (logs still go to train-log.jsonl).")
    boolean noProgress;

    LoopSettings settings() {
        return new LoopSettings(epochs != null ? epochs : D.epochs(), batch != null ? batch : D.batchSize(),
                lr != null ? lr : D.baseLr(), D.momentum(), D.weightDecay(), warmup != null ? warmup : D.warmupEpochs(),
                maxGradNorm != null ? maxGradNorm : D.maxGradNorm(),
                seed != null ? seed : D.seed(), D.logEvery(), checkpointEvery != null ? checkpointEvery : D.checkpointEvery(),
                0, !noProgress);
    }
}
