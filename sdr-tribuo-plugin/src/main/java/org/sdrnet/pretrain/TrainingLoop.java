package org.sdrnet.pretrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.Devices;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.TrainingSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The project's own pretraining loop (not DJL's EasyTrain): seeded data order, cosine schedule, the objective's
 * {@link Optimizer} (SGD with momentum by default), one gradient scope and one {@link NDManager} per step, a progress
 * bar with images/s and loss, a JSON-lines log, and atomic checkpoints with optimizer state. Resuming from a checkpoint
 * reproduces the uninterrupted run, because every random draw is a function of (seed, step) and all state is saved.
 * <p>
 * Run directory layout: {@code checkpoint/} (latest, replaced atomically) and {@code train-log.jsonl}.
 */
public final class TrainingLoop {
    public static final String CHECKPOINT_DIR = "checkpoint";
    public static final String LOG_FILE = "train-log.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    /** Consecutive steps with non-finite gradients after which a run stops instead of skipping on. */
    static final int MAX_BAD_STEPS = 5;

    private final TrainingObjective objective;
    private final ImageSet pool;
    private final LoopSettings settings;
    private final Device device;
    private final List<TrainingListener> extraListeners;
    private final CosineSchedule schedule;

    public TrainingLoop(TrainingObjective objective, ImageSet pool, LoopSettings settings, Device device) {
        this(objective, pool, settings, device, List.of(), null);
    }

    private TrainingLoop(TrainingObjective objective, ImageSet pool, LoopSettings settings, Device device,
                         List<TrainingListener> extraListeners, CosineSchedule schedule) {
        this.objective = Objects.requireNonNull(objective);
        this.pool = Objects.requireNonNull(pool);
        this.settings = Objects.requireNonNull(settings);
        this.device = Objects.requireNonNull(device);
        this.extraListeners = List.copyOf(extraListeners);
        this.schedule = schedule;
        if (pool.size() < settings.batchSize()) {
            throw new IllegalArgumentException("pool '" + pool.name() + "' has " + pool.size()
                    + " images, fewer than one batch of " + settings.batchSize());
        }
    }

    /** This loop with one more listener, called after the built-in ones (log, progress bar, checkpoints). */
    public TrainingLoop withListener(TrainingListener listener) {
        List<TrainingListener> all = new ArrayList<>(extraListeners);
        all.add(Objects.requireNonNull(listener));
        return new TrainingLoop(objective, pool, settings, device, all, schedule);
    }

    /**
     * This loop under {@code schedule} instead of its own (warm-up and cosine over its epochs): for a method that
     * trains one run in several loops under one curve. The method records the choice in its settings, so a resumed
     * run must make the same.
     */
    public TrainingLoop withSchedule(CosineSchedule schedule) {
        return new TrainingLoop(objective, pool, settings, device, extraListeners, Objects.requireNonNull(schedule));
    }

    private int[] order;
    private int orderEpoch = -1;

    public int stepsPerEpoch() {
        return pool.size() / settings.batchSize();
    }

    public long totalSteps() {
        return (long) stepsPerEpoch() * settings.epochs();
    }

    /**
     * Trains into {@code runDir}. With {@code resume}, continues from the run's checkpoint (which must match this
     * method, backbone, data and schedule); without it, refuses to overwrite an existing checkpoint.
     *
     * @param manager owns the parameters (already initialised by the caller) and the optimizer state
     */
    public TrainingSummary run(Path runDir, boolean resume, NDManager manager) {
        RunCheckpoint checkpoint = new RunCheckpoint(runDir.resolve(CHECKPOINT_DIR), objective, pool, settings, device);
        Optimizer optimizer = objective.optimizer(settings, manager);
        Map<String, Parameter> params = objective.parameters();
        long start = 0;
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + runDir, e);
        }
        if (checkpoint.exists()) {
            if (!resume) {
                throw new IllegalStateException("run directory " + runDir + " already holds a checkpoint; "
                        + "resume it (--resume) or choose another output directory");
            }
            start = checkpoint.restore(params, optimizer, manager);
            LOG.info("resuming {} at step {}/{} from {}", objective.method(), start, totalSteps(), checkpoint.dir());
        }
        LOG.info("{}: {} images, {} steps/epoch, {} epochs, batch {}; {}", objective.progressLabel(), pool.size(), stepsPerEpoch(),
                settings.epochs(), settings.batchSize(), Devices.describe(device));
        long total = totalSteps();
        long end = settings.stopAfterStep() > 0 ? Math.min(total, settings.stopAfterStep()) : total;
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new JsonLinesLog(runDir.resolve(LOG_FILE)));
        if (settings.showProgress()) {
            listeners.add(new ProgressListener());
        }
        listeners.add(new CheckpointPolicy(settings.checkpointEvery(), step -> checkpoint.save(optimizer, step, total, stepsPerEpoch())));
        listeners.addAll(extraListeners);
        try {
            TrainingListener.RunStart runStart = new TrainingListener.RunStart(objective.progressLabel(), start, end, total, stepsPerEpoch());
            listeners.forEach(l -> l.onStart(runStart));
            TrainingSummary summary = steps(start, end, params, optimizer, manager, listeners, checkpoint.dir());
            listeners.forEach(l -> l.onEnd(summary));
            return summary;
        } finally {
            listeners.forEach(TrainingListener::close);
        }
    }

    /** Steps {@code start} to {@code end}: forward, backward and update, each step's end reported to the listeners. */
    private TrainingSummary steps(long start, long end, Map<String, Parameter> params, Optimizer optimizer, NDManager manager,
                                  List<TrainingListener> listeners, Path checkpointDir) {
        long total = totalSteps();
        CosineSchedule schedule = this.schedule != null ? this.schedule
                : new CosineSchedule(settings.baseLr() * settings.batchSize() / 256f, (long) settings.warmupEpochs() * stepsPerEpoch(), total);
        ParameterStore ps = new ParameterStore(manager, false);
        Map<String, Float> lrFactors = objective.learningRateFactors();
        Instant t0 = Instant.now();
        long imagesSeen = 0;
        float lastLoss = Float.NaN;
        int skipped = 0;
        int clipped = 0;
        int badSteps = 0;
        StepTimes times = new StepTimes();
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sdr-views");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<List<ViewBatch>> nextViews = prefetch.submit(viewsAt(start));
            for (long step = start; step < end; step++) {
                int epoch = (int) (step / stepsPerEpoch());
                int[] batch = batchAt(step);
                List<ViewBatch> views = await(nextViews);
                if (step + 1 < end) {
                    nextViews = prefetch.submit(viewsAt(step + 1)); // augments while this step computes
                }
                float lr = schedule.at(step);
                boolean logNow = (step + 1) % settings.logEvery() == 0 || step + 1 == end;
                Map<String, Float> metrics = new LinkedHashMap<>();
                objective.beforeStep(step);
                try (NDManager sm = manager.newSubManager()) {
                    Set<String> inactive;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        times.start();
                        TrainingObjective.StepOutput out = objective.forward(ps, sm, batch, views);
                        inactive = out.inactive();
                        NDArray loss = out.loss();
                        times.forwardDone();
                        gc.backward(loss);
                        times.backwardDone();
                        if (logNow) {
                            lastLoss = loss.getFloat();
                            out.metrics().forEach((k, v) -> metrics.put(k, v.getFloat()));
                        }
                    }
                    float gradNorm = optimizer.step(params, lr, settings.maxGradNorm(), lrFactors, inactive);
                    if (Float.isFinite(gradNorm)) {
                        objective.afterStep(sm);
                    }
                    times.optimizerDone();
                    if (logNow) {
                        metrics.put("gradNorm", gradNorm);
                        metrics.putAll(times.drain());
                    }
                    if (Float.isFinite(gradNorm)) {
                        badSteps = 0;
                        if (settings.maxGradNorm() > 0 && gradNorm > settings.maxGradNorm()) {
                            clipped++;
                        }
                    } else {
                        skipped++;
                        LOG.warn("{}: step {} skipped: non-finite gradients (lr {})", objective.progressLabel(), step, lr);
                        if (++badSteps >= MAX_BAD_STEPS) {
                            throw new IllegalStateException(objective.progressLabel() + ": " + badSteps + " consecutive steps with "
                                    + "non-finite gradients up to step " + step + " (lr " + lr + "); lower the learning rate");
                        }
                    }
                }
                imagesSeen += settings.batchSize();
                double secs = Duration.between(t0, Instant.now()).toNanos() / 1e9;
                double rate = imagesSeen / Math.max(secs, 1e-9);
                Map<String, Object> line = new LinkedHashMap<>();
                if (logNow) {
                    line.put("step", step + 1);
                    line.put("epoch", epoch);
                    line.put("loss", lastLoss);
                    line.put("lr", lr);
                    line.put("skippedSteps", skipped);
                    line.put("clippedSteps", clipped);
                    line.putAll(metrics);
                    line.put("imagesPerSec", rate);
                    line.put("elapsedSec", secs);
                }
                TrainingListener.StepEnd stepEnd = new TrainingListener.StepEnd(step + 1, (step + 1) % stepsPerEpoch() == 0,
                        step + 1 == end, line, lastLoss, rate);
                listeners.forEach(l -> l.onStep(stepEnd));
            }
        } finally {
            prefetch.shutdownNow();
        }
        double secs = Duration.between(t0, Instant.now()).toNanos() / 1e9;
        return new TrainingSummary(end, total, end == total, secs, imagesSeen / Math.max(secs, 1e-9), lastLoss, checkpointDir);
    }

    /** The pool indices of {@code step}: a seeded permutation per epoch, cut into batches. */
    private int[] batchAt(long step) {
        int epoch = (int) (step / stepsPerEpoch());
        if (epoch != orderEpoch) {
            order = Sampling.permutation(pool.size(), Sampling.mix(settings.seed(), 0x0DE5L, epoch));
            orderEpoch = epoch;
        }
        int offset = (int) (step % stepsPerEpoch()) * settings.batchSize();
        return java.util.Arrays.copyOfRange(order, offset, offset + settings.batchSize());
    }

    /** The objective's views of {@code step}, as a task for the prefetch thread (indices taken now, on this thread). */
    private Callable<List<ViewBatch>> viewsAt(long step) {
        int[] batch = batchAt(step);
        long seed = Sampling.mix(settings.seed(), 0xA06L, step);
        return () -> objective.views(batch, seed);
    }

    private static List<ViewBatch> await(Future<List<ViewBatch>> views) {
        try {
            return views.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("preparing a batch failed: " + c, c);
        }
    }
}
