package org.sdrnet.pretrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The project's own pretraining loop (not DJL's EasyTrain): seeded data order, cosine schedule, SGD with
 * momentum, one gradient scope and one {@link NDManager} per step, a progress bar with images/s and loss,
 * a JSON-lines log, and atomic checkpoints with optimizer state. Resuming from a checkpoint reproduces the
 * uninterrupted run, because every random draw is a function of (seed, step) and all state is saved.
 * <p>
 * Run directory layout: {@code checkpoint/} (latest, replaced atomically) and {@code train-log.jsonl}.
 */
public final class TrainingLoop {
    public static final String CHECKPOINT_DIR = "checkpoint";
    public static final String LOG_FILE = "train-log.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    /** Consecutive steps with non-finite gradients after which a run stops instead of skipping on. */
    static final int MAX_BAD_STEPS = 5;

    /** What a run did. */
    public record Summary(long globalStep, long totalSteps, boolean finished, double seconds, double imagesPerSecond,
                          float lastLoss, Path checkpoint) {
    }

    private final TrainingObjective objective;
    private final ImageSet pool;
    private final LoopSettings settings;
    private final Device device;

    public TrainingLoop(TrainingObjective objective, ImageSet pool, LoopSettings settings, Device device) {
        this.objective = Objects.requireNonNull(objective);
        this.pool = Objects.requireNonNull(pool);
        this.settings = Objects.requireNonNull(settings);
        this.device = Objects.requireNonNull(device);
        if (pool.size() < settings.batchSize()) {
            throw new IllegalArgumentException("pool '" + pool.name() + "' has " + pool.size()
                    + " images, fewer than one batch of " + settings.batchSize());
        }
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
    public Summary run(Path runDir, boolean resume, NDManager manager) {
        Path ckpt = runDir.resolve(CHECKPOINT_DIR);
        Sgd sgd = new Sgd(settings.momentum(), settings.weightDecay(), manager);
        Map<String, Parameter> params = objective.parameters();
        long start = 0;
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + runDir, e);
        }
        if (CheckpointStore.exists(ckpt)) {
            if (!resume) {
                throw new IllegalStateException("run directory " + runDir + " already holds a checkpoint; "
                        + "resume it (--resume) or choose another output directory");
            }
            Manifest m = CheckpointStore.manifest(ckpt);
            requireCompatible(m, ckpt);
            try (NDManager load = manager.newSubManager()) {
                Weights.load(params, CheckpointStore.tensors(ckpt, CheckpointStore.MODEL, load), ckpt.toString());
                sgd.restore(CheckpointStore.tensors(ckpt, CheckpointStore.OPTIMIZER, load));
            }
            start = m.progress().globalStep();
            LOG.info("resuming {} at step {}/{} from {}", objective.method(), start, totalSteps(), ckpt);
        }
        LOG.info("{}: {} images, {} steps/epoch, {} epochs, batch {}; {}", objective.progressLabel(), pool.size(), stepsPerEpoch(),
                settings.epochs(), settings.batchSize(), org.sdrnet.nn.Devices.describe(device));
        JsonLinesLog log = JsonLinesLog.open(runDir.resolve(LOG_FILE), start);
        long total = totalSteps();
        long end = settings.stopAfterStep() > 0 ? Math.min(total, settings.stopAfterStep()) : total;
        CosineSchedule schedule = new CosineSchedule(settings.baseLr() * settings.batchSize() / 256f,
                (long) settings.warmupEpochs() * stepsPerEpoch(), total);
        ParameterStore ps = new ParameterStore(manager, false);
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
        try (ProgressBar bar = settings.showProgress() ? progressBar(objective.progressLabel(), start, total) : null) {
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
                try (NDManager sm = manager.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        times.start();
                        TrainingObjective.StepOutput out = objective.forward(ps, sm, batch, views);
                        NDArray loss = out.loss();
                        times.forwardDone();
                        gc.backward(loss);
                        times.backwardDone();
                        if (logNow) {
                            lastLoss = loss.getFloat();
                            out.metrics().forEach((k, v) -> metrics.put(k, v.getFloat()));
                        }
                    }
                    float gradNorm = sgd.step(params, lr, settings.maxGradNorm());
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
                if (logNow) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("step", step + 1);
                    line.put("epoch", epoch);
                    line.put("loss", lastLoss);
                    line.put("lr", lr);
                    line.put("skippedSteps", skipped);
                    line.put("clippedSteps", clipped);
                    line.putAll(metrics);
                    line.put("imagesPerSec", imagesSeen / Math.max(secs, 1e-9));
                    line.put("elapsedSec", secs);
                    log.append(line);
                    if (bar != null) {
                        bar.setExtraMessage(String.format(" loss %.4f  %.0f img/s", lastLoss, imagesSeen / Math.max(secs, 1e-9)));
                    }
                }
                if (bar != null) {
                    bar.stepTo(step + 1);
                }
                boolean epochEnd = (step + 1) % stepsPerEpoch() == 0;
                if ((step + 1) % settings.checkpointEvery() == 0 || epochEnd || step + 1 == end) {
                    save(ckpt, sgd, step + 1, total);
                }
            }
        } finally {
            prefetch.shutdownNow();
        }
        double secs = Duration.between(t0, Instant.now()).toNanos() / 1e9;
        return new Summary(end, total, end == total, secs, imagesSeen / Math.max(secs, 1e-9), lastLoss, ckpt);
    }

    /** The pool indices of {@code step}: a seeded permutation per epoch, cut into batches. */
    private int[] batchAt(long step) {
        int epoch = (int) (step / stepsPerEpoch());
        if (epoch != orderEpoch) {
            order = Seeds.permutation(pool.size(), Seeds.mix(settings.seed(), 0x0DE5L, epoch));
            orderEpoch = epoch;
        }
        int offset = (int) (step % stepsPerEpoch()) * settings.batchSize();
        return java.util.Arrays.copyOfRange(order, offset, offset + settings.batchSize());
    }

    /** The objective's views of {@code step}, as a task for the prefetch thread (indices taken now, on this thread). */
    private Callable<List<ViewBatch>> viewsAt(long step) {
        int[] batch = batchAt(step);
        long seed = Seeds.mix(settings.seed(), 0xA06L, step);
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

    private void save(Path ckpt, Sgd sgd, long globalStep, long total) {
        Map<String, Object> all = new LinkedHashMap<>(objective.settings());
        all.put("loop", settings.trajectory());
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("library", "sdr-tribuo " + Versions.library());
        provenance.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        provenance.put("device", device.toString());
        provenance.put("java", System.getProperty("java.version"));
        provenance.put("writtenAt", Instant.now().toString());
        Manifest m = new Manifest(CheckpointStore.FORMAT_VERSION, objective.method(), objective.backbone(), all, settings.seed(),
                new Manifest.DataInfo(pool.name(), pool.size(), pool.fingerprint()),
                new Manifest.Progress(globalStep, total, (int) (globalStep / stepsPerEpoch()), globalStep == total),
                provenance);
        Map<String, Map<String, NDArray>> files = new LinkedHashMap<>();
        files.put(CheckpointStore.MODEL, Weights.arrays(objective.parameters()));
        files.put(CheckpointStore.OPTIMIZER, sgd.state());
        CheckpointStore.write(ckpt, m, files);
    }

    private void requireCompatible(Manifest m, Path ckpt) {
        String problem = null;
        if (!m.method().equals(objective.method())) {
            problem = "method " + m.method() + " vs " + objective.method();
        } else if (!m.backbone().equals(objective.backbone())) {
            problem = "backbone " + m.backbone() + " vs " + objective.backbone();
        } else if (!m.data().fingerprint().equals(pool.fingerprint())) {
            problem = "data " + m.data().name() + " (" + m.data().images() + " images) vs " + pool.name() + " (" + pool.size()
                    + " images): different fingerprints";
        } else if (m.seed() != settings.seed()) {
            problem = "seed " + m.seed() + " vs " + settings.seed();
        } else {
            Map<String, Object> now = new LinkedHashMap<>(objective.settings());
            now.put("loop", settings.trajectory());
            Map<?, ?> saved = CheckpointStore.JSON.convertValue(m.settings(), Map.class);
            Map<?, ?> current = CheckpointStore.JSON.convertValue(now, Map.class);
            if (!saved.equals(current)) {
                problem = "settings " + saved + " vs " + current;
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("checkpoint " + ckpt + " does not match this run: " + problem);
        }
    }

    private static ProgressBar progressBar(String label, long start, long total) {
        return new ProgressBarBuilder().setTaskName(label).setInitialMax(total).startsFrom(start, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).continuousUpdate().build();
    }
}
