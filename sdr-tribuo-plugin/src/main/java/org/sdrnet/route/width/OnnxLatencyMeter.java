package org.sdrnet.route.width;

import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxRunnerSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times exported backbones in ONNX Runtime on this machine, as {@link OnnxBackboneRunner} runs them in production
 * (the runner's own copy-in and copy-out included). For each batch size (1 and 64) every file gets its warm-up calls,
 * then the timed calls go round-robin over the files, so a burst of load from another process lands on every width
 * alike instead of on whichever width was being timed; the median of each file's timed calls, divided by the batch,
 * is its ms per image. Inputs are fixed pseudo-random values (the time of these networks does not depend on them).
 */
public final class OnnxLatencyMeter implements LatencyMeter {
    private final LatencySettings settings;

    public OnnxLatencyMeter(LatencySettings settings) {
        this.settings = settings;
    }

    public LatencySettings settings() {
        return settings;
    }

    @Override
    public List<WidthLatency> measure(List<Path> onnxFiles) {
        double[] one = measure(onnxFiles, WidthBudget.BATCH_ONE);
        double[] many = measure(onnxFiles, WidthBudget.BATCH_MANY);
        List<WidthLatency> out = new ArrayList<>();
        for (int i = 0; i < onnxFiles.size(); i++) {
            out.add(new WidthLatency(one[i], many[i]));
        }
        return out;
    }

    private double[] measure(List<Path> files, int batch) {
        OnnxRunnerSettings rs = OnnxRunnerSettings.DEFAULT.withBatchSize(batch).withThreads(settings.threads(), settings.threads() == 0 ? 0 : 1);
        List<OnnxBackboneRunner> runners = new ArrayList<>();
        try {
            List<float[]> inputs = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            for (Path f : files) {
                OnnxBackboneRunner r = OnnxBackboneRunner.open(f, rs);
                runners.add(r);
                int c = r.metadata().channels();
                int s = r.metadata().imageSize();
                float[] x = new float[batch * c * s * s];
                Random random = new Random(17);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                inputs.add(x);
                shapes.add(new long[] {batch, c, s, s});
            }
            for (int i = 0; i < runners.size(); i++) {
                for (int k = 0; k < settings.warmupRuns(); k++) {
                    runners.get(i).features(inputs.get(i), shapes.get(i));
                }
            }
            double[][] ms = new double[runners.size()][settings.timedRuns()];
            for (int k = 0; k < settings.timedRuns(); k++) {
                for (int i = 0; i < runners.size(); i++) {
                    long t0 = System.nanoTime();
                    runners.get(i).features(inputs.get(i), shapes.get(i));
                    ms[i][k] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double[] perImage = new double[runners.size()];
            for (int i = 0; i < perImage.length; i++) {
                perImage[i] = Math.max(median(ms[i]), 1e-6) / batch; // a clock tick of 0 would read as "free"
            }
            return perImage;
        } finally {
            runners.forEach(OnnxBackboneRunner::close);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "ONNX Runtime on this machine (%d cores): median of %d timed calls after %d warm-up "
                        + "calls per batch size, round-robin over widths; intra-op threads %s", Runtime.getRuntime().availableProcessors(),
                settings.timedRuns(), settings.warmupRuns(), settings.threads() == 0 ? "ONNX Runtime's choice" : settings.threads());
    }
}
