package org.sdrnet.pretrain.simsiam;

import ai.djl.ndarray.NDManager;
import org.sdrnet.nn.SiameseNetwork;
import org.sdrnet.pretrain.RunDirectory;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;

/**
 * The {@code unified} method: one SimSiam network trained on all of the pool. The baseline that SDR's routed
 * sub-networks must beat (METHODS.md §1 item 6), and the simplest useful pretraining on its own.
 */
public final class UnifiedMethod implements PretrainMethod {
    public static final String NAME = "unified";
    private final SimSiamSettings settings;

    /** ServiceLoader constructor: default head sizes. */
    public UnifiedMethod() {
        this(SimSiamSettings.defaults());
    }

    public UnifiedMethod(SimSiamSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SimSiam on the whole pool: one network (the baseline SDR's routed sub-nets must beat)";
    }

    @Override
    public java.util.Map<String, String> options() {
        return ViewOptions.help();
    }

    @Override
    public TrainingSummary pretrain(Request r) {
        checkOptions(r);
        RunDirectory.requireOnly(r.runDir(), NAME);
        try (NDManager manager = NDManager.newBaseManager(r.device())) {
            SiameseNetwork net = SiameseNetwork.simSiam(r.backbone().asResNet("method '" + name() + "'"), settings.projectorHidden(), settings.projectionDim(),
                    settings.predictorHidden());
            net.initialize(manager, r.loop().seed());
            SimSiamObjective objective = new SimSiamObjective(NAME, net, r.pool(), ViewOptions.augmenter(r.options()), settings);
            return new TrainingLoop(objective, r.pool(), r.loop(), r.device()).run(r.runDir(), r.resume(), manager);
        }
    }
}
