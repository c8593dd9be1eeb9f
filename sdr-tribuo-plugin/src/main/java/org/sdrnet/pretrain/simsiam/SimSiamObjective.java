package org.sdrnet.pretrain.simsiam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.MultiViewAugmenter;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.SiameseNetwork;
import org.sdrnet.pretrain.TrainingObjective;
import org.sdrnet.pretrain.ViewTensors;
import org.sdrnet.pretrain.loss.SiameseLosses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SimSiam (Chen &amp; He, "Exploring Simple Siamese Representation Learning", CVPR 2021) as a training
 * objective: two augmented views, one forward over both (stacked as one batch), loss
 * ½D(p1, sg(z2)) + ½D(p2, sg(z1)). Logs the collapse monitor: the std of the normalised projection
 * against its healthy value 1/√d.
 */
public final class SimSiamObjective implements TrainingObjective {
    private final String method;
    private final SiameseNetwork network;
    private final ImageSet pool;
    private final MultiViewAugmenter augmenter;
    private final SimSiamSettings settings;

    public SimSiamObjective(String method, SiameseNetwork network, ImageSet pool, MultiViewAugmenter augmenter, SimSiamSettings settings) {
        if (augmenter.numViews() != 2) {
            throw new IllegalArgumentException("SimSiam needs a two-view augmenter, got " + augmenter.numViews() + " views");
        }
        this.method = method;
        this.network = network;
        this.pool = pool;
        this.augmenter = augmenter;
        this.settings = settings;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public ResNetSpec backbone() {
        return network.backbone().spec();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("projectorHidden", settings.projectorHidden());
        m.put("projectionDim", settings.projectionDim());
        m.put("predictorHidden", settings.predictorHidden());
        m.put("augmentation", augmenter.toString());
        return m;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return network.namedParameters();
    }

    @Override
    public List<ViewBatch> views(int[] indices, long stepSeed) {
        return augmenter.augment(pool, indices, stepSeed);
    }

    @Override
    public StepOutput forward(ParameterStore ps, NDManager sm, int[] indices, List<ViewBatch> views) {
        NDArray x = ViewTensors.stack(sm, views);
        SiameseNetwork.Output out = network.forward(ps, x, true);
        int b = indices.length;
        NDArray z1 = out.projection().get("0:" + b);
        NDArray z2 = out.projection().get(b + ":");
        NDArray p1 = out.prediction().get("0:" + b);
        NDArray p2 = out.prediction().get(b + ":");
        NDArray loss = SiameseLosses.simSiam(p1, p2, z1, z2);
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put("zStd", SiameseLosses.normalizedStd(z1));
        metrics.put("zStdHealthy", sm.create((float) (1 / Math.sqrt(settings.projectionDim()))));
        return new StepOutput(loss, metrics);
    }
}
