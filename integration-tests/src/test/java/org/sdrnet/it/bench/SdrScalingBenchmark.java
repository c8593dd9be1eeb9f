package org.sdrnet.it.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;
import org.sdrnet.data.augment.TwoViewAugmenter;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.SdrSpec;
import org.sdrnet.nn.SiameseNetwork;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.TrainingObjective;
import org.sdrnet.pretrain.sdr.SdrNetwork;
import org.sdrnet.pretrain.sdr.SdrObjective;
import org.sdrnet.pretrain.simsiam.SimSiamObjective;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.TrainingSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SDR's scaling claim, measured: seconds per training epoch on the same data and widths for 1, 4, 16, 64 and 256
 * sub-nets (0…4 untied stages of a G = 4 SDRnet, every image on a random path), next to one plain network of the
 * same width (the unified baseline). The real training step is timed: augmentation, forward, backward, SGD.
 * <p>
 * Usage: {@code scripts/bench sdr-scaling [poolSize] [batch] [epochs] [backbone] [outDir]}
 */
public final class SdrScalingBenchmark {
    private SdrScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int poolSize = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        ResNetSpec base = ResNetSpec.preset(args.length > 3 ? args[3] : "tiny");
        Path out = Path.of(args.length > 4 ? args[4] : "runs/bench/sdr-scaling");
        Files.createDirectories(out);
        ImageSet pool = DataCatalog.defaults().mixedPool(List.of("P1", "P2"), Preset.SMALL, 1).head(poolSize);
        SdrSpec spec = SdrSpec.halves(base, 4);
        SimSiamSettings heads = SimSiamSettings.defaults();
        LoopSettings loop = LoopSettings.defaults().withEpochs(epochs).withBatchSize(batch).withProgress(false)
                .withCheckpointEvery(Integer.MAX_VALUE);
        int[][] paths = randomPaths(pool.size(), spec, 5);

        // warm-up (JIT, allocator), not reported
        time(out.resolve("warmup"), pool, loop, m -> unified(m, base, heads, pool));
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (int rep = 0; rep < 2; rep++) { // interleaved repetitions; the minimum is reported
            record("unified (1 plain network)", rows, time(out.resolve("u" + rep), pool, loop, m -> unified(m, base, heads, pool)));
            for (int k = 0; k <= 4; k++) {
                int level = k;
                record("sdr, " + (int) Math.pow(4, k) + " sub-nets", rows,
                        time(out.resolve("s" + k + "-" + rep), pool, loop, m -> sdr(m, spec, heads, level, paths, pool, false)));
            }
            record("sdr, 256 sub-nets + SiamKD teacher", rows,
                    time(out.resolve("t-" + rep), pool, loop, m -> sdr(m, spec, heads, 4, paths, pool, true)));
        }
        double unified = rows.get("unified (1 plain network)")[0];
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Pool %d images (%s), batch %d, %d epoch(s) timed, backbone %s, %d CPU cores, %s%n%n",
                pool.size(), pool.name(), batch, epochs, base.name(), Runtime.getRuntime().availableProcessors(), Device.cpu()));
        md.append("| configuration | s / epoch (min of 2) | images/s | × unified |\n|---|---|---|---|\n");
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            double s = e.getValue()[0];
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f | %.2f |%n", e.getKey(), s, pool.size() / s, s / unified));
        }
        Files.writeString(out.resolve("table.md"), md.toString());
        System.out.println(md);
    }

    private interface ObjectiveFactory {
        TrainingObjective create(NDManager manager);
    }

    private static void record(String name, Map<String, double[]> rows, double secondsPerEpoch) {
        rows.merge(name, new double[] {secondsPerEpoch}, (a, b) -> new double[] {Math.min(a[0], b[0])});
    }

    private static double time(Path dir, ImageSet pool, LoopSettings loop, ObjectiveFactory factory) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TrainingObjective objective = factory.create(manager);
            TrainingSummary s = new TrainingLoop(objective, pool, loop, Device.cpu()).run(dir, false, manager);
            return s.seconds() / loop.epochs();
        }
    }

    private static TrainingObjective unified(NDManager m, ResNetSpec base, SimSiamSettings h, ImageSet pool) {
        SiameseNetwork net = SiameseNetwork.simSiam(base, h.projectorHidden(), h.projectionDim(), h.predictorHidden());
        net.initialize(m, 1);
        return new SimSiamObjective("unified", net, pool, TwoViewAugmenter.simsiam(), h);
    }

    private static TrainingObjective sdr(NDManager m, SdrSpec spec, SimSiamSettings h, int level, int[][] paths, ImageSet pool,
                                         boolean teacher) {
        SdrNetwork student = new SdrNetwork(spec, h);
        student.initialize(m, 1);
        SdrNetwork t = null;
        if (teacher) {
            t = new SdrNetwork(spec, h);
            t.initialize(m, 2);
        }
        return new SdrObjective(student, t, level, paths, teacher ? 1f : 0f, pool, TwoViewAugmenter.simsiam(), Map.of(), 1f);
    }

    private static int[][] randomPaths(int n, SdrSpec spec, long seed) {
        SplittableRandom r = new SplittableRandom(Sampling.mix(seed, 1));
        int[][] p = new int[n][spec.numStages()];
        for (int[] row : p) {
            for (int s = 0; s < row.length; s++) {
                row[s] = r.nextInt(spec.groups());
            }
        }
        return p;
    }

}
