package org.sdrnet.cli;

import org.sdrnet.spi.LoopSettings;
import picocli.CommandLine.Option;

/** Loop settings on the command line; what the user leaves out comes from the method's defaults. */
final class TrainOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the pool (default: 10).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Images per step (default: 64).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate at batch 256, scaled linearly with --batch (default: the method's; 0.8 for the SGD "
            + "methods, 1.5e-3 for mae with AdamW).")
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

    /** The settings with {@code d} (a method's {@link org.sdrnet.spi.PretrainMethod#loopDefaults}) where the user gave none. */
    LoopSettings settings(LoopSettings d) {
        return new LoopSettings(epochs != null ? epochs : d.epochs(), batch != null ? batch : d.batchSize(),
                lr != null ? lr : d.baseLr(), d.momentum(), d.weightDecay(), warmup != null ? warmup : d.warmupEpochs(),
                maxGradNorm != null ? maxGradNorm : d.maxGradNorm(),
                seed != null ? seed : d.seed(), d.logEvery(), checkpointEvery != null ? checkpointEvery : d.checkpointEvery(),
                0, !noProgress);
    }
}
