package org.sdrnet.pretrain.sdr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.MultiViewAugmenter;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.SdrNet;
import org.sdrnet.pretrain.TrainingObjective;
import org.sdrnet.pretrain.ViewTensors;
import org.sdrnet.pretrain.loss.SiameseLosses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One level of SDR's data-aware progressive training (METHODS.md §1 items 3–5). At level ℓ the first ℓ stages are
 * untied and each sample runs through the groups of its cluster path there; deeper stages stay tied. The loss is
 * SimSiam plus, for ℓ ≥ 1, SiamKD against the frozen model of level ℓ−1 (routed as it was then):
 * {@code L = SimSiam(x1, x2) + λ·½[D(h(z_s(x1)), sg(z_t(x2))) + D(h(z_s(x2)), sg(z_t(x1)))]}.
 */
public final class SdrObjective implements TrainingObjective {
    private final SdrNetwork student;
    private final SdrNetwork teacher;
    private final int level;
    private final int[][] paths;
    private final float lambda;
    private final ImageSet pool;
    private final MultiViewAugmenter augmenter;
    private final Map<String, Object> settings;
    private final Map<String, Float> lrFactors;

    /**
     * @param teacher  frozen level ℓ−1 model, or null (level 0, or λ = 0)
     * @param paths    cluster path of every pool row (null at level 0)
     * @param settings the method's settings, recorded in checkpoints
     * @param privateLr learning-rate factor of the private groups of the stages untied at this level (1 = none)
     */
    public SdrObjective(SdrNetwork student, SdrNetwork teacher, int level, int[][] paths, float lambda, ImageSet pool,
                 MultiViewAugmenter augmenter, Map<String, Object> settings, float privateLr) {
        if (level > 0 && (paths == null || paths.length != pool.size())) {
            throw new IllegalArgumentException("level " + level + " needs a cluster path for each of the " + pool.size() + " pool images");
        }
        this.student = student;
        this.teacher = teacher;
        this.level = level;
        this.paths = paths;
        this.lambda = lambda;
        this.pool = pool;
        this.augmenter = augmenter;
        this.settings = settings;
        this.lrFactors = privateLr == 1f ? Map.of() : privateGroupFactors(student.namedParameters().keySet(), level, privateLr);
    }

    /**
     * {@code factor} for every parameter of a private group ({@code .groupK.}) in stages 1…{@code level} (the untied
     * ones: each group sees only its share of the batch, so its gradient is that share of a shared parameter's).
     */
    static Map<String, Float> privateGroupFactors(Set<String> names, int level, float factor) {
        Map<String, Float> m = new TreeMap<>();
        Pattern p = Pattern.compile("(?:^|\\.)stage(\\d+)\\..*\\.group\\d+\\.");
        for (String n : names) {
            Matcher x = p.matcher(n);
            if (x.find() && Integer.parseInt(x.group(1)) <= level) {
                m.put(n, factor);
            }
        }
        return m;
    }

    @Override
    public Map<String, Float> learningRateFactors() {
        return lrFactors;
    }

    @Override
    public String method() {
        return SdrMethod.NAME;
    }

    @Override
    public String progressLabel() {
        return "sdr level " + level;
    }

    @Override
    public ResNetSpec backbone() {
        return student.net.spec().subnetSpec();
    }

    @Override
    public Map<String, Object> settings() {
        return settings;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return student.namedParameters();
    }

    /** Routing of a batch of pool rows repeated for {@code views} stacked views, with the first {@code untied} stages routed. */
    static SdrNet.Routing routing(int[][] paths, int[] rows, int views, int untied, int stages) {
        int[][] g = new int[stages][];
        for (int s = 0; s < untied; s++) {
            g[s] = new int[rows.length * views];
            for (int v = 0; v < views; v++) {
                for (int i = 0; i < rows.length; i++) {
                    g[s][v * rows.length + i] = paths[rows[i]][s];
                }
            }
        }
        return new SdrNet.Routing(g);
    }

    @Override
    public List<ViewBatch> views(int[] indices, long stepSeed) {
        return augmenter.augment(pool, indices, stepSeed);
    }

    @Override
    public StepOutput forward(ParameterStore ps, NDManager sm, int[] indices, List<ViewBatch> views) {
        NDArray x = ViewTensors.stack(sm, views);
        int b = indices.length;
        int stages = student.net.spec().numStages();
        NDArray[] zp = student.forward(ps, x, true, routing(paths, indices, 2, level, stages), true);
        NDArray z1 = zp[0].get("0:" + b);
        NDArray z2 = zp[0].get(b + ":");
        NDArray p1 = zp[1].get("0:" + b);
        NDArray p2 = zp[1].get(b + ":");
        NDArray loss = SiameseLosses.simSiam(p1, p2, z1, z2);
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put("zStd", SiameseLosses.normalizedStd(z1));
        if (teacher != null) {
            NDArray tz = teacher.forward(ps, x, false, routing(paths, indices, 2, level - 1, stages), false)[0].stopGradient();
            NDArray kd = SiameseLosses.scaled(SiameseLosses.negativeCosine(p1, tz.get(b + ":"))
                    .add(SiameseLosses.negativeCosine(p2, tz.get("0:" + b))), 0.5f);
            metrics.put("simsiam", loss);
            metrics.put("siamKd", kd);
            loss = loss.add(SiameseLosses.scaled(kd, lambda));
        }
        return new StepOutput(loss, metrics);
    }
}
