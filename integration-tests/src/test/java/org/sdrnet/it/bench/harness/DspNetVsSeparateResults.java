package org.sdrnet.it.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * One seed of {@code dspnet-vs-separate}: per width, the test accuracy of the DSPNet width and of the separately
 * trained network on every task (kNN and linear probe), and what every run cost.
 *
 * @param experiment   the experiment's name
 * @param budget       the budget, as plain values
 * @param seed         seed of the data, the runs and the evaluation
 * @param device       where it ran
 * @param pool         the pretraining images, in words
 * @param tasks        task ids, in order
 * @param widths       per width: channels and accuracies
 * @param dspnetCost   the one DSPNet run
 * @param separateCost each separate run, narrowest first
 * @param phases       wall time of each phase
 * @param command      the command line
 */
public record DspNetVsSeparateResults(String experiment, Map<String, Object> budget, long seed, String device, String pool,
                                      List<String> tasks, List<WidthResult> widths, TrainingCost dspnetCost,
                                      List<TrainingCost> separateCost, List<Phases.Phase> phases, String command) {
    /** Model name of a DSPNet width. */
    public static final String DSPNET = "dspnet";
    /** Model name of a separately trained network. */
    public static final String SEPARATE = "separate";

    public DspNetVsSeparateResults {
        tasks = List.copyOf(tasks);
        widths = List.copyOf(widths);
        separateCost = List.copyOf(separateCost);
        phases = List.copyOf(phases);
    }

    /**
     * One width.
     *
     * @param width    the multiplier
     * @param channels channels per stage (⌈w·C⌉), the same for both models
     * @param accuracy model ({@value #DSPNET}, {@value #SEPARATE}) → metric ({@code knn}, {@code linear}) → task → test
     *                 accuracy (mean over the task's splits)
     */
    public record WidthResult(double width, List<Integer> channels, Map<String, Map<String, Map<String, Double>>> accuracy) {
        public WidthResult {
            channels = List.copyOf(channels);
        }

        /** Mean test accuracy over {@code tasks} of {@code model} under {@code metric}. */
        public double mean(String model, String metric, List<String> tasks) {
            Map<String, Double> perTask = accuracy.get(model).get(metric);
            return tasks.stream().mapToDouble(perTask::get).average().orElse(Double.NaN);
        }
    }

    /** The total cost of the separate runs. */
    public TrainingCost separateTotal() {
        return TrainingCost.total("separate, all widths", separateCost);
    }
}
