package org.sdrnet.it.bench;

import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.BatchTensors;
import org.sdrnet.data.augment.MultiCropAugmenter;
import org.sdrnet.data.augment.MultiViewAugmenter;
import org.sdrnet.data.augment.TwoViewAugmenter;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures augmentation throughput (images per second) on synthetic 32×32 RGB and gray images at batch 256:
 * SimSiam two-view, t-ReX multi-crop and plain batches. A benchmark, not a test: timings vary by machine.
 * <p>
 * Usage: {@code scripts/bench augment [seconds per measurement, default 10]}.
 */
public final class AugmentBenchmark {

    private static final int BATCH = 256;
    private static final int POOL = 4096;

    private AugmentBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        System.out.printf(Locale.ROOT, "cores %d, common pool parallelism %d, batch %d, %.0f s per measurement%n",
                Runtime.getRuntime().availableProcessors(),
                java.util.concurrent.ForkJoinPool.commonPool().getParallelism(), BATCH, seconds);
        for (int channels : new int[] {3, 1}) {
            ImageSet images = randomImages(channels, 42);
            String kind = channels == 3 ? "RGB " : "gray";
            MultiViewAugmenter twoView = TwoViewAugmenter.simsiam();
            MultiViewAugmenter multiCrop = MultiCropAugmenter.trex();
            report("two-view " + kind, seconds, (idx, seed) -> twoView.augment(images, idx, seed));
            report("multi-crop (1x32 + 4x16) " + kind, seconds, (idx, seed) -> multiCrop.augment(images, idx, seed));
            report("plain " + kind, seconds, (idx, seed) -> List.of(BatchTensors.plain(images, idx)));
        }
    }

    private interface BatchJob {
        Object run(int[] indices, long seed);
    }

    private static void report(String name, double seconds, BatchJob job) {
        run(job, Math.min(3, seconds)); // warm-up: let the JIT compile the hot loops
        long cpuStart = processCpuNanos();
        double[] result = run(job, seconds);
        long cpu = processCpuNanos() - cpuStart;
        // Images per CPU-second tells the cost apart from how busy the machine was during the run.
        String perCpu = cpuStart < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", result[1] / (cpu / 1e9));
        System.out.printf(Locale.ROOT, "%-32s %,10.0f images/s   (%s images per CPU-second)%n", name,
                result[1] / result[0], perCpu);
    }

    /** CPU time of this process (all threads, including the JIT and GC), or -1 when the JVM cannot tell. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Runs batches for about {@code seconds}; returns {elapsed seconds, images}. */
    private static double[] run(BatchJob job, double seconds) {
        SplittableRandom random = new SplittableRandom(7);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long images = 0;
        long sink = 0;
        long step = 0;
        while (System.nanoTime() < end) {
            int[] idx = random.ints(BATCH, 0, POOL).toArray();
            Object out = job.run(idx, step++);
            sink += out.hashCode();
            images += BATCH;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (sink == 42) {
            System.out.print(""); // keeps the results observable so the work cannot be optimised away
        }
        return new double[] {elapsed, images};
    }

    private static ImageSet randomImages(int channels, long seed) {
        byte[] pixels = new byte[POOL * channels * ImageSet.DEFAULT_SIZE * ImageSet.DEFAULT_SIZE];
        new SplittableRandom(seed).nextBytes(pixels);
        return ImageSet.unlabeled("synthetic-" + channels + "ch", channels, ImageSet.DEFAULT_SIZE, pixels);
    }
}
