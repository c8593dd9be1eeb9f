package org.sdrnet.it.bench.harness;

import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.route.RoutingReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the {@code sdr-vs-unified} experiment measured, in memory; {@link #toJson()} gives it as plain values
 * for {@code results.json}, {@link ResultsMarkdown} as {@code table.md}.
 *
 * @param experiment       the experiment
 * @param budget           the budget it ran under
 * @param device           the compute device
 * @param pool             name and size of the mixed pool
 * @param pretraining      every pretraining run, in the order run
 * @param comparison       routed vs unified, per task
 * @param negativeTransfer linear-probe accuracies per task (rows) and pretraining data (columns: domain ids, then
 *                         {@link #ALL_DOMAINS})
 * @param dataColumns      column name of {@code negativeTransfer} → what the model was pretrained on
 * @param phases           wall time of each phase
 * @param command          the command line
 */
public record SdrVsUnifiedResults(Experiment experiment, Budget budget, String device, String pool,
                                  List<Pretraining.Outcome> pretraining, List<RoutedComparison.TaskResult> comparison,
                                  ResultsTable negativeTransfer, Map<String, String> dataColumns, List<Phases.Phase> phases,
                                  String command) {
    /** Column of the negative-transfer table for the model pretrained on every domain. */
    public static final String ALL_DOMAINS = "all";
    /** Metrics of the routed-vs-unified table, in column order. */
    public static final List<String> METRICS = List.of(TaskEvaluation.KNN, TaskEvaluation.LINEAR);

    public SdrVsUnifiedResults {
        pretraining = List.copyOf(pretraining);
        comparison = List.copyOf(comparison);
        dataColumns = Map.copyOf(dataColumns);
        phases = List.copyOf(phases);
    }

    /** Unified and routed test accuracies per task (kNN, linear). */
    public ResultsTable routedTable() {
        return RoutedComparison.table(comparison, METRICS);
    }

    /** The results as maps, lists and numbers (what {@code results.json} holds). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", experiment.name());
        m.put("question", experiment.question());
        m.put("budget", budget.describe());
        m.put("seed", experiment.seed());
        m.put("device", device);
        m.put("pool", pool);
        m.put("tasks", comparison.stream().map(RoutedComparison.TaskResult::taskId).toList());
        m.put("routingScore", experiment.routingScore());
        m.put("routedVsUnified", routedTable().toData());
        m.put("routing", routingRows());
        m.put("negativeTransfer", negativeTransfer.toData());
        m.put("negativeTransferColumns", new LinkedHashMap<>(new java.util.TreeMap<>(dataColumns)));
        m.put("pretraining", pretraining.stream().map(SdrVsUnifiedResults::pretrainingRow).toList());
        m.put("phases", phases.stream().map(p -> Map.of("phase", p.name(), "seconds", p.seconds())).toList());
        m.put("totalSeconds", phases.stream().mapToDouble(Phases.Phase::seconds).sum());
        m.put("command", command);
        return m;
    }

    private List<Map<String, Object>> routingRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RoutedComparison.TaskResult t : comparison) {
            for (RoutedComparison.SplitResult s : t.splits()) {
                RoutingReport r = s.routing();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("task", t.taskId());
                row.put("split", s.split());
                row.put("choice", r.choice());
                row.put("choiceScore", finite(r.chosen().score()));
                row.put("unifiedScore", finite(s.unifiedScore()));
                row.put("candidates", r.candidates().stream().map(c -> {
                    Map<String, Object> cm = new LinkedHashMap<>();
                    cm.put("name", c.name());
                    cm.put("score", finite(c.score()));
                    cm.put("seconds", c.seconds());
                    return cm;
                }).toList());
                row.put("routingSeconds", r.totalSeconds());
                row.put("imagesProcessed", r.imagesProcessed());
                row.put("unifiedAccuracy", s.unified().accuracy());
                row.put("routedAccuracy", s.routed().accuracy());
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, Object> pretrainingRow(Pretraining.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", o.run());
        m.put("method", o.method());
        m.put("data", o.data());
        m.put("images", o.images());
        m.put("steps", o.steps());
        m.put("start", o.start().name().toLowerCase(java.util.Locale.ROOT));
        m.put("wallSeconds", o.wallSeconds());
        m.put("trainingSeconds", o.trainingSeconds());
        return m;
    }

    /** JSON has no NaN: a missing score is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
