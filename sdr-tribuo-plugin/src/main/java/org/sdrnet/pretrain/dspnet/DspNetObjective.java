package org.sdrnet.pretrain.dspnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.MultiViewAugmenter;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.SlimmableSpec;
import org.sdrnet.pretrain.TrainingObjective;
import org.sdrnet.pretrain.ViewTensors;
import org.sdrnet.pretrain.loss.SiameseLosses;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DSPNet step (Wang et al. 2022, "Towards Slimmable Pretrained Networks based on Discriminative Self-supervised
 * Learning"; METHODS.md §2): with t = the EMA teacher's projection and p_w the online prediction at width w,
 * <pre>
 * L = ½[D(p_1(x1), t(x2)) + D(p_1(x2), t(x1))]                       BYOL-style, full width
 *   + Σ_{w ∈ {smallest, random}} ½[D(p_w(x1), t(x1)) + D(p_w(x2), t(x2))]   distillation on the same views
 * </pre>
 * (D = negative cosine with a stop-gradient on the target). All terms go into one backward pass and one optimizer step;
 * afterwards the teacher moves towards the updated full width ({@link #afterStep}). Each term is logged as a metric
 * ({@code byol.x1}, {@code kd.x0_25}, …) with the random width of the step. The BatchNorm parameters of widths that did
 * not run are reported inactive, so momentum does not move them.
 * <p>
 * Checkpointed parameters: the online network under {@code online.*} and the teacher under {@code teacher.*} (frozen,
 * so the optimizer skips it), which puts the teacher in every checkpoint and makes a resumed run equal an uninterrupted
 * one.
 */
public final class DspNetObjective implements TrainingObjective {
    static final String ONLINE = "online.";
    static final String TEACHER = "teacher.";
    private final DspNetwork online;
    private final EmaTeacher teacher;
    private final DspNetSettings settings;
    private final WidthSchedule schedule;
    private final ImageSet pool;
    private final MultiViewAugmenter augmenter;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    /** Per width, the names of its private (switchable BatchNorm) trainable parameters. */
    private final Map<Double, Set<String>> privateOf = new LinkedHashMap<>();
    private List<Double> active;

    public DspNetObjective(DspNetwork online, EmaTeacher teacher, DspNetSettings settings, long seed, ImageSet pool,
                           MultiViewAugmenter augmenter) {
        if (augmenter.numViews() != 2) {
            throw new IllegalArgumentException("dspnet needs a two-view augmenter, got " + augmenter.numViews() + " views");
        }
        this.online = online;
        this.teacher = teacher;
        this.settings = settings;
        this.schedule = new WidthSchedule(settings.widths(), seed);
        this.pool = pool;
        this.augmenter = augmenter;
        online.namedParameters().forEach((k, v) -> parameters.put(ONLINE + k, v));
        teacher.namedParameters().forEach((k, v) -> parameters.put(TEACHER + k, v));
        for (double w : settings.widths()) {
            privateOf.put(w, privateParameters(w));
        }
        beforeStep(0);
    }

    /** The trainable parameters only width {@code w} uses: its BatchNorm gamma and beta ({@code …bn1.x0_5.gamma}). */
    private Set<String> privateParameters(double w) {
        String label = SlimmableSpec.label(w);
        Set<String> names = new LinkedHashSet<>();
        parameters.forEach((name, p) -> {
            String[] parts = name.split("\\.");
            if (name.startsWith(ONLINE) && p.requiresGradient() && parts.length >= 2 && parts[parts.length - 2].equals(label)) {
                names.add(name);
            }
        });
        return names;
    }

    @Override
    public String method() {
        return DspNetMethod.NAME;
    }

    @Override
    public ResNetSpec backbone() {
        return online.spec().base();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DspNetSettings.WIDTHS, settings.widths());
        m.put(DspNetSettings.TEACHER_MOMENTUM, (double) settings.teacherMomentum());
        m.put("projectorHidden", settings.heads().projectorHidden());
        m.put("projectionDim", settings.heads().projectionDim());
        m.put("predictorHidden", settings.heads().predictorHidden());
        m.put("slimHeads", "shared, first layer sliced on its input (zero-padded feature)");
        m.put("augmentation", augmenter.toString());
        return m;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public List<ViewBatch> views(int[] indices, long stepSeed) {
        return augmenter.augment(pool, indices, stepSeed);
    }

    @Override
    public void beforeStep(long step) {
        this.active = schedule.activeAt(step);
    }

    /** The widths run in the current step: full, smallest, then the random one. */
    List<Double> activeWidths() {
        return List.copyOf(active);
    }

    @Override
    public StepOutput forward(ParameterStore ps, NDManager sm, int[] indices, List<ViewBatch> views) {
        NDArray x = ViewTensors.stack(sm, views);
        int b = indices.length;
        NDArray t = teacher.project(ps, x);
        NDArray t1 = t.get("0:" + b);
        NDArray t2 = t.get(b + ":");
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        NDArray loss = null;
        for (double w : active) {
            DspNetwork.Output out = online.forward(ps, x, true, w);
            NDArray p1 = out.prediction().get("0:" + b);
            NDArray p2 = out.prediction().get(b + ":");
            NDArray term;
            if (w == 1.0) {
                term = SiameseLosses.scaled(SiameseLosses.negativeCosine(p1, t2).add(SiameseLosses.negativeCosine(p2, t1)), 0.5f);
                metrics.put("byol." + SlimmableSpec.label(w), term);
                metrics.put("zStd", SiameseLosses.normalizedStd(out.projection().get("0:" + b)));
            } else {
                term = SiameseLosses.scaled(SiameseLosses.negativeCosine(p1, t1).add(SiameseLosses.negativeCosine(p2, t2)), 0.5f);
                metrics.put("kd." + SlimmableSpec.label(w), term);
            }
            loss = loss == null ? term : loss.add(term);
        }
        if (active.size() > 2) {
            metrics.put("randomWidth", sm.create((float) (double) active.get(2)));
        }
        Set<String> inactive = new LinkedHashSet<>();
        privateOf.forEach((w, names) -> {
            if (!active.contains(w)) {
                inactive.addAll(names);
            }
        });
        return new StepOutput(loss, metrics, inactive);
    }

    @Override
    public void afterStep(NDManager stepManager) {
        teacher.update(settings.teacherMomentum(), stepManager);
    }
}
