package org.sdrnet.it.bench.harness;

import org.sdrnet.eval.TaskMetrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One seed of {@code trex-transfer}: every pretrained model's linear-probe test accuracy on every task, with the tasks
 * split into in-task (the pretraining classes) and transfer, and what each run cost.
 *
 * @param experiment the experiment's name
 * @param budget     the budget, as plain values
 * @param seed       seed of the data, the runs and the evaluation
 * @param device     where it ran
 * @param pool       the pretraining images, in words
 * @param inTask     task ids whose classes are the pool's (in-task accuracy)
 * @param transfer   the other task ids (transfer)
 * @param models     one entry per pretrained model, t-ReX first
 * @param phases     wall time of each phase
 * @param command    the command line
 */
public record TrexTransferResults(String experiment, Map<String, Object> budget, long seed, String device, String pool,
                                  List<String> inTask, List<String> transfer, List<ModelResult> models,
                                  List<Phases.Phase> phases, String command) {

    public TrexTransferResults {
        inTask = List.copyOf(inTask);
        transfer = List.copyOf(transfer);
        models = List.copyOf(models);
        phases = List.copyOf(phases);
    }

    /**
     * One pretrained model.
     *
     * @param model          its name, also its run folder: {@code trex-h1}, {@code ce}, {@code cosine-h1}, …
     * @param role           what it stands for: {@code trex}, {@code ce} or {@code cosine}
     * @param projectorDepth h, the projector's depth (0 for plain cross-entropy, which has none)
     * @param options        the trex settings the run was given
     * @param accuracy       task → linear-probe test accuracy (mean over the task's splits)
     * @param steps          optimizer steps
     * @param trainingSeconds training time from the run's log
     */
    public record ModelResult(String model, String role, int projectorDepth, Map<String, String> options,
                              Map<String, Double> accuracy, long steps, double trainingSeconds) {
        public ModelResult {
            options = Map.copyOf(options);
            accuracy = Map.copyOf(accuracy);
        }

        /** Mean accuracy and mean log-odds over {@code tasks} ({@link TaskMetrics}). */
        public TaskMetrics.Aggregate aggregate(List<String> tasks) {
            return TaskMetrics.aggregate(tasks.stream().map(t -> Objects.requireNonNull(accuracy.get(t),
                    () -> model + " has no accuracy on " + t)).toList());
        }
    }

    /** The model called {@code name}; an error naming the ones there are when absent. */
    public ModelResult model(String name) {
        return models.stream().filter(m -> m.model().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no model '" + name + "' in seed " + seed + "; models: " + models.stream().map(ModelResult::model).toList()));
    }

    /** Every task, in-task first. */
    public List<String> tasks() {
        return java.util.stream.Stream.concat(inTask.stream(), transfer.stream()).toList();
    }
}
