package org.sdrnet.route.width;

import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.pretrain.dspnet.DspNetRun;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxRunnerSettings;
import org.sdrnet.spi.BackboneExporter;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TransferScore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Budget-aware choice of a DSPNet width for a task (issue 17 item 5; DSPNet itself: Wang et al. 2022): every width of
 * a finished run is exported to ONNX, its parameters counted and its latency measured on this machine
 * ({@link LatencyMeter}, batch 1 and 64); a budget that no width fits stops here, before any scoring. Then every width
 * is scored on the task's <b>training</b> split with a {@link TransferScore} (features from the exported file, i.e.
 * exactly what deployment computes), and the best-scoring width within the budget wins ({@link WidthChoice}). The
 * chosen width is exported again, with the choice in its metadata, into the output directory beside
 * {@link WidthReport}'s files; it is an ordinary backbone file for {@code SdrFeatureExtractor} and {@code sdr train}.
 * <p>
 * The widths' trial exports live in a temporary directory that is deleted afterwards; every file in the output
 * directory is written atomically (the report by {@link AtomicFiles}, the ONNX file by the exporter).
 */
public final class WidthRouter {
    private static final Logger LOG = LoggerFactory.getLogger(WidthRouter.class);
    private final WidthRoutingSettings settings;
    private final TransferScore score;
    private final LatencyMeter meter;
    private final BackboneExporter exporter;

    /**
     * A router with an explicit latency meter and exporter (a test injects fixed latencies).
     *
     * @throws IllegalArgumentException when the score name is unknown (the message lists the registered ones)
     */
    public WidthRouter(WidthRoutingSettings settings, LatencyMeter meter, BackboneExporter exporter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.score = Services.find(TransferScore.class, settings.score());
        this.meter = Objects.requireNonNull(meter, "meter");
        this.exporter = Objects.requireNonNull(exporter, "exporter");
    }

    /** A router that measures with {@link OnnxLatencyMeter} and exports with the registered {@code onnx} exporter. */
    public static WidthRouter of(WidthRoutingSettings settings) {
        return new WidthRouter(settings, new OnnxLatencyMeter(settings.latency()), Services.find(BackboneExporter.class, "onnx"));
    }

    public WidthRoutingSettings settings() {
        return settings;
    }

    /**
     * Chooses a width of the finished dspnet run in {@code runDir} for task {@code taskId} and writes the chosen ONNX
     * file and the report into {@code outDir}.
     *
     * @param train the task's labeled training images (never its test images)
     * @throws IllegalArgumentException when the run is not a finished dspnet run, the images do not fit it, or no width
     *                                  fits the budget (nothing is written to {@code outDir} then)
     */
    public WidthRoutingOutcome route(String taskId, Path runDir, ImageSet train, Path outDir) {
        long start = System.nanoTime();
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("output " + outDir + " is a file; the width choice writes a directory");
        }
        DspNetRun run = DspNetRun.open(runDir);
        String what = "dspnet run " + runDir;
        checkTrain(taskId, train, run.spec().base().imageSize(), what);
        double[] widths = run.widths();
        List<Backbone> backbones = new ArrayList<>();
        List<WidthCandidate> candidates = new ArrayList<>();
        for (double w : widths) {
            Backbone b = run.backbone(w);
            backbones.add(b);
            candidates.add(new WidthCandidate(w, b.spec().name(), Arrays.stream(b.spec().asResNet("width routing").widths()).boxed().toList(),
                    parameters(b), null, Double.NaN, List.of(), false));
        }
        if (candidates.stream().noneMatch(settings.budget()::fitsParams)) {
            long fewest = candidates.stream().mapToLong(WidthCandidate::params).min().orElseThrow();
            throw new IllegalArgumentException(String.format(Locale.ROOT, "no width of %s fits the budget (%s): the smallest "
                    + "has %,d parameters", what, settings.budget().describe(), fewest));
        }
        Path trial = createTrialDir();
        try {
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < widths.length; i++) {
                Path f = trial.resolve(backbones.get(i).spec().name() + ".onnx");
                export(backbones.get(i), f, Map.of());
                files.add(f);
            }
            LOG.info("width choice: timing {} widths ({})", files.size(), meter.describe());
            List<WidthLatency> latencies = meter.measure(files);
            if (latencies.size() != files.size()) {
                throw new IllegalStateException("latency meter returned " + latencies.size() + " figures for " + files.size() + " files");
            }
            for (int i = 0; i < widths.length; i++) {
                WidthCandidate c = candidates.get(i);
                candidates.set(i, new WidthCandidate(c.width(), c.spec(), c.channels(), c.params(), latencies.get(i), c.score(),
                        c.foldScores(), false));
            }
            WidthChoice.requireFeasible(candidates, settings.budget(), what);
            for (int i = 0; i < widths.length; i++) {
                LOG.info("width choice: scoring width {} on {} training images of {}", WidthChoice.plain(widths[i]), train.size(), taskId);
                TransferScore.Scored s = scoreOf(files.get(i), train);
                candidates.set(i, candidates.get(i).withScore(s.score(), Arrays.stream(s.folds()).boxed().toList()));
            }
        } finally {
            AtomicFiles.deleteQuietly(trial);
        }
        candidates = WidthChoice.judge(candidates, settings.budget());
        WidthCandidate chosen = WidthChoice.choose(candidates, settings.budget(), what);
        int index = candidates.indexOf(chosen);
        Backbone backbone = annotate(backbones.get(index), taskId, chosen);
        Path onnx = outDir.resolve(backbone.spec().name() + ".onnx");
        export(backbone, onnx, provenanceOfChoice(taskId, chosen));
        WidthReport report = new WidthReport(taskId, runDir.toString(), score.name(), settings.seed(), train.size(),
                train.numClasses(), train.fingerprint(), settings.budget(), meter.describe(), candidates, chosen.width(),
                onnx.getFileName().toString(), (System.nanoTime() - start) / 1e9);
        report.writeFiles(outDir);
        return new WidthRoutingOutcome(report, backbone, onnx);
    }

    /** Parameters of a plain backbone: every weight except BatchNorm running statistics. */
    public static long parameters(Backbone b) {
        long n = 0;
        for (Map.Entry<String, HostTensor> e : b.weights().entrySet()) {
            if (!e.getKey().contains("running")) {
                n += e.getValue().values().length;
            }
        }
        return n;
    }

    private TransferScore.Scored scoreOf(Path onnx, ImageSet train) {
        OnnxRunnerSettings rs = OnnxRunnerSettings.DEFAULT.withThreads(settings.latency().threads(), 0);
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(onnx, rs)) {
            return score.scoreWithFolds(runner.features(train), train.labels(), train.numClasses(), settings.seed());
        }
    }

    private void export(Backbone b, Path file, Map<String, String> metadata) {
        Normalization n = Normalization.DEFAULT;
        exporter.export(new BackboneExporter.Request(b, n.mean(), n.std(), file, new LinkedHashMap<>(metadata)));
    }

    private Map<String, String> provenanceOfChoice(String taskId, WidthCandidate c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("widthChoice.task", taskId);
        m.put("widthChoice.score", score.name());
        m.put("widthChoice.scoreValue", String.format(Locale.ROOT, "%.4f", c.score()));
        m.put("widthChoice.budget", settings.budget().describe());
        m.put("widthChoice.msPerImageBatch1", String.format(Locale.ROOT, "%.4f", c.latency().msPerImageBatch1()));
        m.put("widthChoice.msPerImageBatch64", String.format(Locale.ROOT, "%.4f", c.latency().msPerImageBatch64()));
        m.put("widthChoice.params", Long.toString(c.params()));
        return m;
    }

    private Backbone annotate(Backbone b, String taskId, WidthCandidate c) {
        Map<String, String> prov = new LinkedHashMap<>(b.provenance());
        prov.putAll(provenanceOfChoice(taskId, c));
        return new Backbone(b.spec(), b.weights(), prov);
    }

    private static Path createTrialDir() {
        try {
            return Files.createTempDirectory("sdr-width-choice-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the widths' trial exports: " + e.getMessage(), e);
        }
    }

    private static void checkTrain(String taskId, ImageSet train, int imageSize, String what) {
        if (train == null || !train.isLabeled() || train.isEmpty()) {
            throw new IllegalArgumentException("width choice for task '" + taskId + "' needs labeled, non-empty training images");
        }
        if (Arrays.stream(train.classHistogram()).filter(k -> k > 0).count() < 2) {
            throw new IllegalArgumentException("width choice for task '" + taskId + "': training images '" + train.name()
                    + "' hold fewer than 2 classes");
        }
        if (train.imageSize() != imageSize) {
            throw new IllegalArgumentException("width choice for task '" + taskId + "': training images are " + train.imageSize()
                    + " px, " + what + " expects " + imageSize + " px");
        }
    }
}
