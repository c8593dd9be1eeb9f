package org.sdrnet.cli;

import ai.djl.Device;
import org.sdrnet.data.DataException;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.DataFetcher;
import org.sdrnet.data.catalog.DataPaths;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.Devices;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.RunDirectory;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.pretrain.simsiam.ViewOptions;
import org.sdrnet.route.Router;
import org.sdrnet.route.RoutingOutcome;
import org.sdrnet.route.RoutingSettings;
import org.sdrnet.spi.BackboneExporter;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TrainingSummary;
import org.sdrnet.tribuo.SdrFeatureExtractor;
import org.sdrnet.tribuo.SdrModel;
import org.sdrnet.tribuo.SdrTrainer;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code sdr demo}: the whole product on real data at a small size. Fetches MNIST, Fashion-MNIST and the 8×8 digits if
 * needed, then on a small MNIST + Fashion pool: pretrains an SDR super-network (G = 2: 16 sub-nets) and a unified
 * SimSiam model with the same budget of image-views → routes D1 (digits) and D2 (clothing), one sub-net per task, on
 * their training splits only → exports D1's routed backbone to ONNX (verified against DJL) → trains a Tribuo logistic
 * regression on ONNX Runtime features, saves it and predicts D1's test split → prints one table (routed, unified,
 * random init; kNN and linear probe) and where every artifact went. Every stage resumes: a second call reuses what
 * the first finished. Without package clients it falls back to glyphs rendered from installed fonts, and says so.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The product end to end on real data: pretrain SDR and unified, route two tasks, export to ONNX, "
                + "train a Tribuo classifier on ONNX Runtime features, predict.")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> NEEDED = List.of("mnist", "fashion", "digits8");
    private static final int MIN_EPOCHS = 5;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", defaultValue = "20", description = "Pretraining epochs of each model; SDR splits them over "
            + "its levels, so both models see the same image-views (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--pool-per-domain", defaultValue = "2000", paramLabel = "N",
            description = "Images from each pool domain (default: ${DEFAULT-VALUE}).")
    int poolPerDomain;

    @Option(names = "--groups", defaultValue = "2", paramLabel = "G",
            description = "SDR private groups per stage; G^4 sub-nets (default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(names = "--backbone", defaultValue = "tiny", paramLabel = "PRESET", description = "tiny or small (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, gpu or gpu:N.")
    String device;

    @Option(names = "--min-crop-scale", defaultValue = "0.5", paramLabel = "F",
            description = "Smallest area fraction of a random crop (default: ${DEFAULT-VALUE}; SimSiam's 0.2 suits these "
                    + "28-px, object-filling images worse, see docs/results.md).")
    double minCropScale;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        if (epochs < MIN_EPOCHS) {
            throw new IllegalArgumentException("--epochs " + epochs + ": the demo needs at least " + MIN_EPOCHS
                    + " (SDR trains each of its 5 levels for one epoch or more)");
        }
        DataPaths paths = data.paths();
        Device dev = Devices.choose(device);
        System.err.println("sdr demo: " + Devices.describe(dev));
        boolean realData = ensureData(paths);
        DataCatalog catalog = DataCatalog.standard(paths);
        List<String> poolIds = realData ? List.of("P1", "P2") : List.of("P3");
        List<String> taskIds = realData ? List.of("D1", "D2") : List.of("D3");
        ImageSet pool = limit(catalog.mixedPool(poolIds, Preset.SMALL, seed), poolPerDomain * poolIds.size());
        LoopSettings loop = LoopSettings.defaults().withEpochs(epochs).withSeed(seed).withProgress(!noProgress);
        ResNetSpec spec = ResNetSpec.preset(backbone);
        String crop = Double.toString(minCropScale);

        Path unifiedDir = out.resolve("unified");
        Path sdrDir = out.resolve("sdr");
        pretrain("unified", pool, spec, loop, unifiedDir, dev, Map.of(ViewOptions.MIN_CROP_SCALE, crop));
        pretrain("sdr", pool, spec, loop, sdrDir, dev, Map.of(ViewOptions.MIN_CROP_SCALE, crop, "groups", Integer.toString(groups)));
        Backbone unified = CheckpointStore.backbone(unifiedDir.resolve(TrainingLoop.CHECKPOINT_DIR));
        SdrRun sdr = SdrRun.open(sdrDir);

        Router router = new Router(new RoutingSettings(RoutingSettings.DEFAULT_SCORE, RoutingSettings.DEFAULT_SHORTLIST, seed, dev));
        Map<String, Path> artifacts = new LinkedHashMap<>();
        ResultsTable table = new ResultsTable();
        FeatureEvaluator.Protocol protocol = FeatureEvaluator.Protocol.defaults();
        Map<String, Backbone> baselines = new LinkedHashMap<>();
        baselines.put("unified", unified);
        baselines.put("random-init", Backbone.randomInit(spec, seed));
        Backbone firstRouted = null;
        DownstreamTask firstTask = null;
        for (String id : taskIds) {
            DownstreamTask task = catalog.task(id, Preset.SMALL, seed);
            System.err.println("sdr demo: routing " + id + " (" + task.description() + ") on its training split");
            RoutingOutcome routed = router.route(id, sdr, unified, task.splits().get(0).train());
            Path routeDir = out.resolve("route-" + id);
            routed.report().writeJson(routeDir.resolve(RouteCommand.REPORT_FILE));
            routed.report().writeChart(routeDir.resolve(RouteCommand.CHART_FILE));
            artifacts.put("routing of " + id + " (chose " + routed.report().chosen().name() + ")", routeDir.resolve(RouteCommand.CHART_FILE));
            table.add("routed", evaluate(routed.chosenBackbone(), dev, protocol, task));
            for (Map.Entry<String, Backbone> b : baselines.entrySet()) {
                table.add(b.getKey(), evaluate(b.getValue(), dev, protocol, task));
            }
            if (firstRouted == null) {
                firstRouted = routed.chosenBackbone();
                firstTask = task;
            }
        }

        Path onnx = out.resolve(firstTask.id() + "-routed.onnx");
        BackboneExporter exporter = Services.find(BackboneExporter.class, "onnx");
        Normalization n = Normalization.DEFAULT;
        BackboneExporter.Report exported = exporter.export(new BackboneExporter.Request(firstRouted, n.mean(), n.std(), onnx,
                firstRouted.provenance()));
        artifacts.put(String.format(Locale.ROOT, "ONNX backbone for %s (verified: max |ONNX Runtime − DJL| = %.1e)",
                firstTask.id(), exported.maxAbsDifference()), onnx);
        Path modelDir = out.resolve(firstTask.id() + "-model");
        double tribuoAccuracy = classifyWithTribuo(onnx, firstTask.splits().get(0), modelDir);
        artifacts.put("Tribuo LIBLINEAR logistic regression on the ONNX features (saved SdrModel)", modelDir);

        String report = "# sdr demo\n\n" + (realData ? "" : "**Fallback:** package clients unavailable; glyphs rendered from installed fonts.\n\n")
                + "Pool: " + pool + "; backbone " + spec.name() + "; " + epochs + " epochs each for unified and SDR ("
                + sdr.spec().numPaths() + " sub-nets), seed " + seed + ".\n\n"
                + table.toMarkdown() + "\n"
                + String.format(Locale.ROOT, "Tribuo LIBLINEAR logistic regression on ONNX Runtime features of %s's routed backbone, "
                + "saved and loaded again: %.1f %% on its test split.%n%n", firstTask.id(), 100 * tribuoAccuracy)
                + "Artifacts:\n" + artifacts.entrySet().stream().map(e -> "- " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"))
                + String.format(Locale.ROOT, "%n%nWall time %.1f min.%n", (System.nanoTime() - t0) / 6e10);
        System.out.println(report);
        AtomicFiles.writeString(out.resolve("results.md"), report);
        Evaluation.writeJson(table, out.resolve("results.json"));
        return 0;
    }

    /**
     * Trains a Tribuo LIBLINEAR classifier on the ONNX Runtime features of {@code split}'s training images, saves it to
     * {@code modelDir}, loads it back as a user would and returns its accuracy on the split's test images.
     */
    private static double classifyWithTribuo(Path onnx, DownstreamTask.Split split, Path modelDir) {
        try (SdrFeatureExtractor fx = new SdrFeatureExtractor("onnx", onnx, "", "cpu", 256);
             SdrModel<Label> trained = new SdrTrainer<>(new LibLinearClassificationTrainer(), new LabelFactory(), fx)
                     .train(split.train())) {
            trained.save(modelDir);
        }
        try (SdrModel<Label> model = SdrModel.load(modelDir, Label.class)) {
            ImageSet test = split.test();
            List<Prediction<Label>> predictions = model.predict(test);
            int right = 0;
            for (int i = 0; i < predictions.size(); i++) {
                right += predictions.get(i).getOutput().getLabel().equals(test.classNames().get(test.label(i))) ? 1 : 0;
            }
            return (double) right / predictions.size();
        }
    }

    /** Pretrains (or resumes, or reuses when finished) one method's run in {@code dir}. */
    private static void pretrain(String method, ImageSet pool, ResNetSpec spec, LoopSettings loop, Path dir, Device dev,
                                 Map<String, String> options) {
        boolean resume = !RunDirectory.methods(dir).isEmpty();
        System.err.println("sdr demo: pretraining " + method + " (" + spec.name() + ") on " + pool + " for " + loop.epochs()
                + " epochs" + (resume ? " (resuming " + dir + "; a finished run is reused)" : ""));
        TrainingSummary s = Services.find(PretrainMethod.class, method)
                .pretrain(new PretrainMethod.Request(pool, spec, loop, dir, resume, dev, options));
        if (s.seconds() > 0) {
            System.err.printf(Locale.ROOT, "sdr demo: %s: %d steps, %.1f s, %.0f images/s%n", method, s.globalStep(), s.seconds(),
                    s.imagesPerSecond());
        }
    }

    private static TaskEvaluation evaluate(Backbone backbone, Device dev, FeatureEvaluator.Protocol protocol, DownstreamTask task) {
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(backbone, dev)) {
            return new FeatureEvaluator(fx::features, protocol).evaluate(task);
        }
    }

    /** Fetches what the demo needs; on failure falls back to installed fonts (returns false) and says why. */
    private static boolean ensureData(DataPaths paths) {
        DataFetcher fetcher = DataFetcher.fromLauncher(paths);
        List<String> missing = fetcher.missing(NEEDED);
        if (missing.isEmpty()) {
            return true;
        }
        System.err.println("sdr demo: fetching " + missing + " into " + paths.root());
        try {
            fetcher.fetch(missing);
            return true;
        } catch (DataException e) {
            System.err.println("sdr demo: could not fetch the real image sets (" + e.getMessage() + ").");
            System.err.println("sdr demo: FALLING BACK to glyphs rendered from the fonts installed on this machine.");
            return false;
        }
    }

    private static ImageSet limit(ImageSet set, int n) {
        if (set.size() <= n) {
            return set;
        }
        int[] idx = Sampling.permutation(set.size(), 7L);
        return set.subset(set.name(), Arrays.copyOf(idx, n));
    }
}
