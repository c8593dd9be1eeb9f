package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.it.bench.harness.Budget;
import org.sdrnet.it.bench.harness.Experiment;
import org.sdrnet.it.bench.harness.PoolData;
import org.sdrnet.it.bench.harness.Provenance;
import org.sdrnet.it.bench.harness.UsageError;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.ImageFeatures;
import org.sdrnet.nn.PixelFeatures;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.ClusterFiles;
import org.sdrnet.pretrain.sdr.ClusterTree;
import org.sdrnet.pretrain.sdr.DomainSeparability;
import org.sdrnet.pretrain.sdr.SdrMethod;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.pretrain.sdr.SdrSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Why the level-1 clusters of an SDR run do or do not follow the pool's domains: for each feature source (the level-0
 * model of an SDR run, any checkpoint, or raw pixels), the experiment's mixed pool is clustered exactly as
 * {@code sdr} clusters it (same tree settings and seed) and {@link ClusterFiles} are written per source, with a summary
 * table: level-1 purity, same-domain share of the 10 nearest neighbours per domain, and the k-means objective of the
 * domain partition relative to the clusters'.
 * <p>
 * Usage: {@code scripts/bench clusters BUDGET OUT_DIR NAME=SOURCE [NAME=SOURCE ...]}, where SOURCE is an SDR run
 * directory (its level-0 model), a run or checkpoint directory, or {@code pixels}.
 */
public final class ClusterSeparability {
    /** Held so the setting sticks: Tribuo's k-means logs every iteration at INFO. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");
    static final String USAGE = "usage: scripts/bench clusters BUDGET OUT_DIR NAME=SOURCE [NAME=SOURCE ...]"
            + " (SOURCE: an SDR run, a run or checkpoint directory, or 'pixels')";

    private ClusterSeparability() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            fail("expected BUDGET, OUT_DIR and at least one NAME=SOURCE");
        }
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        Budget budget = Budget.named(args[0]);
        Path out = Path.of(args[1]);
        Experiment experiment = Experiment.named("sdr-vs-unified");
        ImageSet pool = PoolData.load(DataCatalog.defaults(), experiment, budget).mixed();
        Map<String, Object> provenance = Provenance.collect();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Command: `scripts/bench clusters %s`; machine: %s cores, %s; pool: %d images of %s (budget %s); "
                        + "tree as `sdr` builds it (G = 4, L = 4, seed %d).%n%n", String.join(" ", args),
                ((Map<?, ?>) provenance.get("machine")).get("cores"), ((Map<?, ?>) provenance.get("machine")).get("cpuModel"),
                pool.size(), String.join(", ", pool.classNames()), budget.name(), experiment.seed()));
        md.append("| features | level-1 purity |");
        pool.classNames().forEach(d -> md.append(' ').append(d).append(" neighbours |"));
        md.append(" objective, domains / clusters |\n|---|---:|");
        pool.classNames().forEach(d -> md.append("---:|"));
        md.append("---:|\n");
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                fail("expected NAME=SOURCE, got '" + args[i] + "'");
            }
            float[][] features;
            int stages;
            try (ImageFeatures f = features(kv[1])) {
                features = f.features(pool);
                stages = f instanceof DjlFeatureExtractor d ? d.backbone().spec().asResNet("cluster separability").numStages() : ResNetSpec.tiny().numStages(); // pixels: the presets' depth
            } catch (Exception e) {
                throw new IllegalStateException("features of " + kv[1] + ": " + e.getMessage(), e);
            }
            ClusterTree tree = ClusterTree.build(features, SdrSettings.defaults().treeSettings(stages, experiment.seed()));
            ClusterFiles.Analysis a = ClusterFiles.write(createDirectories(out.resolve(kv[0])), tree, features, pool, experiment.seed())
                    .orElseThrow();
            DomainSeparability s = a.separability();
            md.append(String.format(Locale.ROOT, "| %s | %.3f |", kv[0], a.report().purity(1)));
            for (double v : s.neighbourAgreement()) {
                md.append(String.format(Locale.ROOT, " %.3f |", v));
            }
            md.append(String.format(Locale.ROOT, " %.2f |%n", s.domainObjective() / s.clusterObjective()));
            System.err.println("[bench] " + kv[0] + ": level-1 purity " + String.format(Locale.ROOT, "%.3f", a.report().purity(1)));
        }
        AtomicFiles.writeString(out.resolve("summary.md"), md.toString());
        System.out.print(md);
    }

    private static ImageFeatures features(String source) {
        if (source.equals("pixels")) {
            return new PixelFeatures(ImageSet.DEFAULT_SIZE);
        }
        Path dir = Path.of(source);
        Backbone backbone;
        if (Files.exists(dir.resolve(SdrMethod.TREE_FILE))) {
            backbone = SdrRun.open(dir).level0();
        } else {
            Path ckpt = Files.isDirectory(dir.resolve(TrainingLoop.CHECKPOINT_DIR)) ? dir.resolve(TrainingLoop.CHECKPOINT_DIR) : dir;
            backbone = CheckpointStore.backbone(ckpt);
        }
        return new DjlFeatureExtractor(backbone, Device.cpu());
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void fail(String message) {
        UsageError.exit("clusters", message, USAGE);
    }
}
