package org.sdrnet.it.bench.harness;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One seed of {@code tec-vs-mae}: each model's linear-probe test accuracy on every task and what its run cost.
 *
 * @param experiment  the experiment's name
 * @param budget      the budget, as plain values
 * @param seed        seed of the data, the runs and the evaluation
 * @param device      where it ran
 * @param pool        the pretraining images, in words
 * @param backbone    the ViT every model has
 * @param baseEpochs  E, the MAE base's epochs
 * @param extraEpochs E', the epochs of the TEC student and of the continued MAE
 * @param tasks       task ids
 * @param models      the MAE base, the TEC student, the continued MAE (in that order)
 * @param phases      wall time of each phase
 * @param command     the command line
 */
public record TecVsMaeResults(String experiment, Map<String, Object> budget, long seed, String device, String pool, String backbone,
                              int baseEpochs, int extraEpochs, List<String> tasks, List<ModelResult> models,
                              List<Phases.Phase> phases, String command) {

    public TecVsMaeResults {
        tasks = List.copyOf(tasks);
        models = List.copyOf(models);
        phases = List.copyOf(phases);
    }

    /**
     * One model.
     *
     * @param model           its name, also its run folder ({@code mae-base}, {@code tec}, {@code mae-more})
     * @param epochs          epochs of its own run (the base's E for {@code mae-base})
     * @param totalEpochs     epochs behind it, counting the base's for the two that start from it
     * @param accuracy        task → linear-probe test accuracy (mean over the task's splits)
     * @param steps           optimizer steps of its own run
     * @param trainingSeconds training time of its own run, from its log
     */
    public record ModelResult(String model, int epochs, int totalEpochs, Map<String, Double> accuracy, long steps,
                              double trainingSeconds) {
        public ModelResult {
            accuracy = Map.copyOf(accuracy);
        }

        /** The mean accuracy over {@code tasks}. */
        public double meanAccuracy(List<String> tasks) {
            return tasks.stream().mapToDouble(t -> Objects.requireNonNull(accuracy.get(t), () -> model + " has no accuracy on " + t))
                    .average().orElseThrow();
        }
    }

    /** The model called {@code name}; an error naming the ones there are when absent. */
    public ModelResult model(String name) {
        return models.stream().filter(m -> m.model().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no model '" + name + "' in seed " + seed + "; models: " + models.stream().map(ModelResult::model).toList()));
    }
}
