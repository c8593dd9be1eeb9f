package org.sdrnet.cli;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.math.distance.CosineDistance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.math.optimisers.AdaGrad;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The Tribuo classification trainers {@code sdr train} offers by name, each with settings that suit frozen backbone
 * features. XGBoost comes from Tribuo's XGBoost module ({@code tribuo-classification-xgboost}), an optional runtime
 * dependency: the {@code sdr} launcher has it, a library user who embeds the CLI may not, so it is created by
 * reflection and its absence is a clear error.
 */
final class TrainerNames {
    static final String DEFAULT = "liblinear";
    static final String XGBOOST_CLASS = "org.tribuo.classification.xgboost.XGBoostClassificationTrainer";
    static final int XGBOOST_TREES = 50;

    private record Entry(String description, LongFunction<Trainer<Label>> make) {
    }

    private static final Map<String, Entry> TRAINERS = new LinkedHashMap<>();

    static {
        TRAINERS.put("liblinear", new Entry("LIBLINEAR L2-regularised logistic regression (C = 1; scores are probabilities)",
                seed -> new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
                        1.0, 1000, 0.01, seed)));
        TRAINERS.put("logistic", new Entry("logistic regression by SGD (AdaGrad, 20 epochs; scores are probabilities)",
                seed -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), 20, 1000, 1, seed)));
        TRAINERS.put("knn", new Entry("k nearest neighbours (k = 5, cosine distance, majority vote; scores are vote shares)",
                seed -> new KNNTrainer<>(5, new CosineDistance(), 1, new VotingCombiner(), KNNModel.Backend.STREAMS,
                        NeighboursQueryFactoryType.BRUTE_FORCE)));
        TRAINERS.put("xgboost", new Entry("XGBoost gradient-boosted trees (" + XGBOOST_TREES
                + " trees; needs tribuo-classification-xgboost on the class path)", TrainerNames::xgboost));
    }

    private TrainerNames() {
    }

    /** The trainer called {@code name} (any case), seeded; an unknown name is an error listing the names. */
    static Trainer<Label> create(String name, long seed) {
        Entry e = TRAINERS.get(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown trainer '" + name + "'; available: " + String.join(", ", TRAINERS.keySet()));
        }
        return e.make().apply(seed);
    }

    /** Name → one-line description, in the order they are offered. */
    static Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        TRAINERS.forEach((k, v) -> out.put(k, v.description()));
        return out;
    }

    @SuppressWarnings("unchecked") // an XGBoostClassificationTrainer is a Trainer<Label>
    private static Trainer<Label> xgboost(long seed) {
        try {
            Class<?> c = Class.forName(XGBOOST_CLASS, true, TrainerNames.class.getClassLoader());
            return (Trainer<Label>) c.getConstructor(int.class).newInstance(XGBOOST_TREES);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("trainer 'xgboost' needs Tribuo's XGBoost module (org.tribuo:"
                    + "tribuo-classification-xgboost) on the class path; it is not there");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + XGBOOST_CLASS + ": " + e, e);
        }
    }
}
