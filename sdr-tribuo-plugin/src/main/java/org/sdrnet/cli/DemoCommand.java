package org.sdrnet.cli;

import ai.djl.Device;
import org.sdrnet.data.DataException;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.DataFetcher;
import org.sdrnet.data.catalog.DataPaths;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.Devices;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.Manifest;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.simsiam.UnifiedMethod;
import org.sdrnet.pretrain.simsiam.ViewOptions;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sdr demo}: the main job on real data with small defaults. Fetches MNIST, Fashion-MNIST and the 8×8
 * digits if needed, pretrains a unified SimSiam backbone on a small MNIST + Fashion pool, and compares it with a
 * randomly initialised backbone on D1, D2 and D5 (kNN and linear probe). Without package clients it falls back to
 * glyphs rendered from the fonts installed on this machine, and says so.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Pretrain a small unified SimSiam model on real data and compare it with random init on D1, D2, D5.")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> NEEDED = List.of("mnist", "fashion", "digits8");

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", defaultValue = "20", description = "Pretraining epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--pool-per-domain", defaultValue = "2000", paramLabel = "N",
            description = "Images from each pool domain (default: ${DEFAULT-VALUE}).")
    int poolPerDomain;

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
        DataPaths paths = data.paths();
        Device dev = Devices.choose(device);
        System.err.println("sdr demo: " + Devices.describe(dev));
        boolean realData = ensureData(paths);
        DataCatalog catalog = DataCatalog.standard(paths);
        List<String> poolIds = realData ? List.of("P1", "P2") : List.of("P3");
        List<String> taskIds = realData ? List.of("D1", "D2", "D5") : List.of("D3");
        ImageSet pool = limit(catalog.mixedPool(poolIds, Preset.SMALL, seed), poolPerDomain * poolIds.size());
        LoopSettings loop = LoopSettings.defaults().withEpochs(epochs).withSeed(seed).withProgress(!noProgress);
        BackboneSpec spec = BackboneSpec.preset(backbone);

        Path ckpt = out.resolve(TrainingLoop.CHECKPOINT_DIR);
        boolean resume = CheckpointStore.exists(ckpt);
        if (resume && CheckpointStore.manifest(ckpt).progress().finished()) {
            System.err.println("sdr demo: " + ckpt + " is already fully pretrained; evaluating it (delete " + out + " to start over)");
        } else {
            System.err.println("sdr demo: pretraining unified SimSiam (" + spec.name() + ") on " + pool + " for " + epochs + " epochs"
                    + (resume ? ", resuming " + ckpt : ""));
            TrainingSummary s = new UnifiedMethod().pretrain(new PretrainMethod.Request(pool, spec, loop, out, resume, dev,
                    Map.of(ViewOptions.MIN_CROP_SCALE, Double.toString(minCropScale))));
            System.err.printf("sdr demo: pretrained %d steps in %.1f s, %.0f images/s on %s%n", s.globalStep(), s.seconds(),
                    s.imagesPerSecond(), dev);
        }
        Manifest manifest = CheckpointStore.manifest(ckpt);
        Map<String, Backbone> models = new LinkedHashMap<>();
        models.put("simsiam", CheckpointStore.backbone(ckpt));
        models.put("random-init", Backbone.randomInit(spec, seed));
        List<DownstreamTask> tasks = new ArrayList<>();
        for (String id : taskIds) {
            tasks.add(catalog.task(id, Preset.SMALL, seed));
        }
        ResultsTable table = Evaluation.run(models, tasks, List.of("knn", "linear"), dev);
        String report = "# sdr demo\n\n" + (realData ? "" : "**Fallback:** package clients unavailable; glyphs rendered from installed fonts.\n\n")
                + "Pool: " + pool + "; backbone " + spec + "; " + manifest.progress().globalStep() + " steps; seed " + seed + ".\n\n"
                + table.toMarkdown() + "\n";
        System.out.println(report);
        AtomicFiles.writeString(out.resolve("results.md"), report);
        Evaluation.writeJson(table, out.resolve("results.json"));
        return 0;
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
        int[] idx = org.sdrnet.data.Sampling.permutation(set.size(), 7L);
        return set.subset(set.name(), java.util.Arrays.copyOf(idx, n));
    }
}
