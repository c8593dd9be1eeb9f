package org.sdrnet.it.bench.harness;

import ai.djl.Device;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.ImageFeatures;

import java.util.Objects;

/** Evaluates a DJL backbone's frozen features on a task with one protocol on one device (METHODS.md §0). */
public final class FrozenEvaluation {
    private final FeatureEvaluator.Protocol protocol;
    private final Device device;

    public FrozenEvaluation(FeatureEvaluator.Protocol protocol, Device device) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.device = Objects.requireNonNull(device, "device");
    }

    /** kNN and the linear probe, on the CPU. */
    public static FrozenEvaluation defaults() {
        return new FrozenEvaluation(FeatureEvaluator.Protocol.defaults(), Device.cpu());
    }

    /** The same protocol with only the linear probe. */
    public FrozenEvaluation linearOnly() {
        return new FrozenEvaluation(protocol.withKnn(false).withLinear(true), device);
    }

    /** Test accuracies of {@code backbone} on every split of {@code task}, averaged over splits. */
    public TaskEvaluation evaluate(Backbone backbone, DownstreamTask task) {
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(backbone, device)) {
            return evaluate(fx, task);
        }
    }

    /** The same for any features (e.g. raw pixels); the caller closes {@code features}. */
    public TaskEvaluation evaluate(ImageFeatures features, DownstreamTask task) {
        return new FeatureEvaluator(features::features, protocol).evaluate(task);
    }
}
