package org.sdrnet.it.bench.harness;

import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.spi.LoopSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much compute an experiment may spend: architecture, data size and training length, as one named value so a
 * results table can say exactly what produced it. Every number lives here, not in the experiment code.
 *
 * @param name          the name on the command line
 * @param description   one line for tables: what machine it is meant for
 * @param backbone      backbone preset ({@code tiny} or {@code small}), also the width of the SDR sub-nets
 * @param preset        catalog preset of the pool domains and of the downstream tasks
 * @param poolPerDomain images taken from each pool domain (at most the preset's {@link Preset#poolPerDomain()});
 *                      single-domain models train on exactly these images of their domain
 * @param epochs        passes over the pretraining data, the same for every method (same image-views: SDR splits
 *                      them over its levels)
 * @param batchSize     images per step
 * @param baseLr        learning rate at batch 256 (the loop scales it linearly with the batch)
 * @param tasks         downstream tasks to restrict the experiment to; empty = all of the experiment's tasks
 * @param pipelineCheck true for a budget that only checks the pipeline end to end; its numbers mean nothing
 */
public record Budget(String name, String description, String backbone, Preset preset, int poolPerDomain, int epochs,
                     int batchSize, float baseLr, List<String> tasks, boolean pipelineCheck) {

    /** Two CPU cores, under an hour: tiny widths, the small pool (5 × 2,000 images), 12 epochs at batch 64. */
    public static final Budget CPU_SMALL = new Budget("cpu-small", "2 CPU cores, under 60 minutes", "tiny", Preset.SMALL,
            2_000, 12, 64, LoopSettings.defaults().baseLr(), List.of(), false);

    /**
     * One GPU: small widths, the full pool (5 × 10,000 images), 100 epochs. Batch 256 with the base learning rate
     * lowered to 0.2 keeps the effective rate (0.2) that the CPU learning-rate sweep validated at batch 64 [our choice;
     * not yet run].
     */
    public static final Budget FULL = new Budget("full", "one GPU", "small", Preset.FULL, 10_000, 100, 256, 0.2f,
            List.of(), false);

    /**
     * Checks that every phase runs and every file is written, in about a minute of one CPU core: tiny data, 5 epochs
     * (the fewest SDR accepts: one per level), two tasks. Its accuracies mean nothing.
     */
    public static final Budget SMOKE = new Budget("smoke", "pipeline check only (numbers meaningless)", "tiny", Preset.TINY,
            100, 5, 64, LoopSettings.defaults().baseLr(), List.of("D1", "D5"), true);

    private static final List<Budget> ALL = List.of(CPU_SMALL, FULL, SMOKE);

    public Budget {
        tasks = List.copyOf(tasks);
        ResNetSpec.preset(backbone); // an unknown preset fails here, naming the valid ones
        if (poolPerDomain <= 0 || poolPerDomain > preset.poolPerDomain()) {
            throw new IllegalArgumentException("budget '" + name + "': poolPerDomain " + poolPerDomain + " must be in 1.."
                    + preset.poolPerDomain() + " (the " + preset.id() + " preset's images per domain)");
        }
        if (poolPerDomain < batchSize) {
            throw new IllegalArgumentException("budget '" + name + "': " + poolPerDomain + " images per domain are fewer than one batch of "
                    + batchSize + " (single-domain models would have no step)");
        }
        LoopSettings.defaults().withEpochs(epochs).withBatchSize(batchSize).withBaseLr(baseLr); // validates them
    }

    /** The budget called {@code name}; an unknown name is an error listing the valid ones. */
    public static Budget named(String name) {
        for (Budget b : ALL) {
            if (b.name.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown budget '" + name + "'; valid: " + String.join(", ", names()));
    }

    /** Every budget's name, pipeline checks last and marked. */
    public static List<String> names() {
        return ALL.stream().map(b -> b.pipelineCheck ? b.name + " (pipeline check)" : b.name).toList();
    }

    /** The backbone preset as a spec. */
    public ResNetSpec backboneSpec() {
        return ResNetSpec.preset(backbone);
    }

    /** The experiment's tasks, restricted to this budget's when it names some. */
    public List<String> restrict(List<String> experimentTasks) {
        if (tasks.isEmpty()) {
            return experimentTasks;
        }
        for (String t : tasks) {
            if (!experimentTasks.contains(t)) {
                throw new IllegalArgumentException("budget '" + name + "' names task " + t + ", which the experiment does not have "
                        + experimentTasks);
            }
        }
        return tasks;
    }

    /**
     * Loop settings of every pretraining run: library defaults with this budget's epochs, batch, lr, and {@code seed};
     * a progress bar only on a terminal (logs of long runs stay readable).
     */
    public LoopSettings loop(long seed) {
        return LoopSettings.defaults().withEpochs(epochs).withBatchSize(batchSize).withBaseLr(baseLr).withSeed(seed)
                .withProgress(System.console() != null);
    }

    /** The budget as plain values, for {@code results.json} and {@code provenance.json}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("backbone", backbone);
        m.put("preset", preset.id());
        m.put("poolPerDomain", poolPerDomain);
        m.put("epochs", epochs);
        m.put("batchSize", batchSize);
        m.put("baseLr", Double.parseDouble(Float.toString(baseLr))); // 0.8, not 0.800000011920929
        m.put("tasks", tasks.isEmpty() ? "all" : String.join(",", tasks));
        m.put("pipelineCheck", pipelineCheck);
        return m;
    }
}
