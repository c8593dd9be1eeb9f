package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.onnx.OnnxExport;
import org.sdrnet.onnx.OnnxExportOptions;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxRunnerSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Feature-extraction benchmark (a harness, not a test): images/s of DJL ({@link DjlFeatureExtractor}) and ONNX
 * Runtime ({@link OnnxBackboneRunner}) on CPU, for the {@code tiny} and {@code small} backbones at batch 1, 32 and
 * 256, end to end from an {@link ImageSet} (normalisation included on both sides); then a soak that opens, uses and
 * closes 500 ONNX Runtime sessions and reports resident memory (VmRSS) along the way.
 * <p>
 * Random-init weights (throughput does not depend on their values) and random pixels. Both engines get the same
 * intra-op thread count: the value of {@code -Dai.djl.pytorch.num_threads} (default 1), which must be given on the
 * JVM command line together with the DJL offline flags (see STACK.md). Prints Markdown. Run from the repository root:
 * <pre>
 * mvn -B -o -q -pl integration-tests -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/itcp.txt
 * DJL_OFFLINE=true OPT_OUT_TRACKING=true ENGINE_CACHE_DIR=$HOME/.djl.ai OMP_NUM_THREADS=1 java -Xmx4g \
 *   -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *   -DENGINE_CACHE_DIR=$HOME/.djl.ai -cp integration-tests/target/test-classes:$(cat /tmp/itcp.txt) \
 *   org.sdrnet.it.bench.ExtractionBenchmark
 * </pre>
 * {@code -Dbench.soak=3000} lengthens the soak; {@code -Dbench.soakOnly=true} skips the throughput table.
 */
public final class ExtractionBenchmark {
    private static final int[] BATCHES = {1, 32, 256};
    private static final int REPEATS = 5;
    /** Sessions in the soak; {@code -Dbench.soak=N} for a longer run. */
    private static final int SOAK_SESSIONS = Integer.getInteger("bench.soak", 500);

    private ExtractionBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int threads = Integer.getInteger("ai.djl.pytorch.num_threads", 1);
        boolean soakOnly = Boolean.getBoolean("bench.soakOnly");
        Path dir = Files.createTempDirectory("sdr-bench");
        System.out.printf(Locale.ROOT, "# Feature extraction, CPU, %d thread(s) per engine, %d cores, Java %s%n%n",
                threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| backbone | batch | DJL images/s | ONNX Runtime images/s | ORT / DJL |");
        System.out.println("|---|---:|---:|---:|---:|");
        Path tinyFile = dir.resolve("tiny.onnx");
        OnnxExport.export(Backbone.randomInit(ResNetSpec.tiny(), 1), Normalization.DEFAULT, tinyFile, OnnxExportOptions.DEFAULT);
        for (ResNetSpec spec : soakOnly ? List.<ResNetSpec>of() : List.of(ResNetSpec.tiny(), ResNetSpec.small())) {
            Backbone backbone = Backbone.randomInit(spec, 1);
            Path file = dir.resolve(spec.name() + ".onnx");
            OnnxExport.export(backbone, Normalization.DEFAULT, file, OnnxExportOptions.DEFAULT);
            for (int batch : BATCHES) {
                ImageSet images = randomImages(batch == 1 ? 256 : 1024, 3);
                double djl;
                try (DjlFeatureExtractor e = new DjlFeatureExtractor(backbone, Device.cpu(), Normalization.DEFAULT, batch)) {
                    djl = imagesPerSecond(e::features, images, batch);
                }
                double ort;
                OnnxRunnerSettings settings = OnnxRunnerSettings.DEFAULT.withBatchSize(batch).withThreads(threads, 1);
                try (OnnxBackboneRunner r = OnnxBackboneRunner.open(file, settings)) {
                    ort = imagesPerSecond(r::features, images, batch);
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f |%n", spec.name(), batch, djl, ort, ort / djl);
            }
        }
        soak(tinyFile, threads);
    }

    /** Median over {@link #REPEATS} timed passes, after one warm-up pass. */
    private static double imagesPerSecond(Function<ImageSet, float[][]> extractor, ImageSet images, int batch) {
        extractor.apply(images.head(Math.min(images.size(), 2 * batch)));
        double[] rates = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            float[][] f = extractor.apply(images);
            long t1 = System.nanoTime();
            if (f.length != images.size()) {
                throw new IllegalStateException("extractor returned " + f.length + " rows for " + images.size() + " images");
            }
            rates[r] = images.size() / ((t1 - t0) / 1e9);
        }
        Arrays.sort(rates);
        return rates[REPEATS / 2];
    }

    /**
     * Opens, uses (8 images) and closes {@link #SOAK_SESSIONS} sessions; VmRSS must level off, not grow. A full GC
     * runs before each sample so that Java garbage not yet collected (each call's direct input buffer) does not
     * pass for a native leak.
     */
    private static void soak(Path file, int threads) throws IOException {
        ImageSet images = randomImages(8, 4);
        OnnxRunnerSettings settings = OnnxRunnerSettings.DEFAULT.withThreads(threads, 1);
        List<String> samples = new ArrayList<>();
        long start = System.nanoTime();
        try (OnnxBackboneRunner r = OnnxBackboneRunner.open(file, settings)) {
            r.features(images); // the first session loads ONNX Runtime's native library: not part of the soak
        }
        samples.add(sample(0));
        for (int i = 1; i <= SOAK_SESSIONS; i++) {
            try (OnnxBackboneRunner r = OnnxBackboneRunner.open(file, settings)) {
                if (r.features(images).length != images.size()) {
                    throw new IllegalStateException("soak session " + i + " returned the wrong number of rows");
                }
            }
            if (i % Math.max(1, SOAK_SESSIONS / 5) == 0) {
                samples.add(sample(i));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%n# Soak: %d ONNX Runtime sessions of %s opened, used on %d images and closed in %.1f s%n%n",
                SOAK_SESSIONS, file.getFileName(), images.size(), seconds);
        System.out.println("| sessions | VmRSS MB | Java heap committed MB | VmRSS - heap MB |");
        System.out.println("|---:|---:|---:|---:|");
        samples.forEach(System.out::println);
    }

    /** One Markdown row after a full GC: RSS, committed heap, and their difference (native memory and metaspace). */
    private static String sample(int sessions) throws IOException {
        System.gc();
        double rss = rssKb() / 1024.0;
        double heap = Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
        return String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f |", sessions, rss, heap, rss - heap);
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static ImageSet randomImages(int n, long seed) {
        byte[] px = new byte[n * 3 * 32 * 32];
        new Random(seed).nextBytes(px);
        return ImageSet.unlabeled("bench-" + n, 3, 32, px);
    }
}
