package org.sdrnet.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Collects test accuracies of several models on several tasks and renders them: one row per task, one
 * column per model × metric (e.g. {@code unified/knn}), then the two aggregate rows of {@link TaskMetrics}
 * (mean accuracy and mean log-odds). Accuracies print as percentages. A column that lacks some tasks is
 * aggregated over the tasks it has and marked with {@code *}. {@link #toData()} gives the same content as
 * records that Jackson writes as JSON.
 */
public final class ResultsTable {

    /** A column: one model scored with one metric. */
    public record Column(String model, String metric) {
        /** The column's title, {@code model/metric}. */
        public String header() {
            return model + "/" + metric;
        }
    }

    /**
     * One task's row.
     *
     * @param task        task id
     * @param description task description
     * @param accuracy    column header → accuracy in [0, 1]; missing cells are absent
     */
    public record Row(String task, String description, Map<String, Double> accuracy) {
    }

    /** The aggregates of one column (see {@link TaskMetrics.Aggregate}). */
    public record Summary(String model, String metric, int tasks, double meanAccuracy, double meanLogOdds) {
    }

    /** Everything in the table, for JSON. */
    public record Data(List<Column> columns, List<Row> rows, List<Summary> aggregates) {
    }

    private record Key(String task, Column column) {
    }

    private final Map<String, String> tasks = new LinkedHashMap<>();
    private final Map<String, LinkedHashSet<String>> metricsByModel = new LinkedHashMap<>();
    private final Map<Key, Double> cells = new HashMap<>();

    /**
     * Records the accuracy of {@code model} on task {@code taskId} under {@code metric}. Tasks and columns
     * appear in the order first recorded (columns grouped by model).
     *
     * @throws IllegalArgumentException when the accuracy is not in [0, 1] or the cell already has a value
     */
    public ResultsTable put(String taskId, String description, String model, String metric, double accuracy) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metric, "metric");
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy of " + model + "/" + metric + " on task '" + taskId
                    + "' must be in [0, 1], got " + accuracy);
        }
        Key key = new Key(taskId, new Column(model, metric));
        if (cells.containsKey(key)) {
            throw new IllegalArgumentException("task '" + taskId + "' already has a " + model + "/" + metric + " result");
        }
        tasks.putIfAbsent(taskId, description == null ? "" : description);
        metricsByModel.computeIfAbsent(model, m -> new LinkedHashSet<>()).add(metric);
        cells.put(key, accuracy);
        return this;
    }

    /** Records every metric of a task evaluation under {@code model}. */
    public ResultsTable add(String model, TaskEvaluation evaluation) {
        evaluation.accuracy().forEach((metric, acc) -> put(evaluation.taskId(), evaluation.description(), model, metric, acc));
        return this;
    }

    /** The columns, grouped by model in first-recorded order. */
    public List<Column> columns() {
        List<Column> out = new ArrayList<>();
        metricsByModel.forEach((model, metrics) -> metrics.forEach(metric -> out.add(new Column(model, metric))));
        return out;
    }

    /** Mean accuracy and mean log-odds of one column over the tasks it has. */
    public TaskMetrics.Aggregate aggregate(Column column) {
        List<Double> values = new ArrayList<>();
        for (String task : tasks.keySet()) {
            Double v = cells.get(new Key(task, column));
            if (v != null) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no results for column " + column.header());
        }
        return TaskMetrics.aggregate(values);
    }

    /** The table content as records (rows in task order, aggregates in column order). */
    public Data toData() {
        List<Column> columns = columns();
        List<Row> rows = new ArrayList<>();
        tasks.forEach((task, description) -> {
            Map<String, Double> accuracy = new LinkedHashMap<>();
            for (Column c : columns) {
                Double v = cells.get(new Key(task, c));
                if (v != null) {
                    accuracy.put(c.header(), v);
                }
            }
            rows.add(new Row(task, description, Collections.unmodifiableMap(accuracy)));
        });
        List<Summary> summaries = new ArrayList<>();
        for (Column c : columns) {
            TaskMetrics.Aggregate a = aggregate(c);
            summaries.add(new Summary(c.model(), c.metric(), a.tasks(), a.meanAccuracy(), a.meanLogOdds()));
        }
        return new Data(List.copyOf(columns), List.copyOf(rows), List.copyOf(summaries));
    }

    /** A GitHub-flavoured Markdown table. */
    public String toMarkdown() {
        List<String[]> grid = grid();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < grid.size(); r++) {
            // A bare * would read as emphasis and a | in a task id as a cell border.
            String[] row = grid.get(r).clone();
            for (int c = 0; c < row.length; c++) {
                row[c] = row[c].replace("*", "\\*").replace("|", "\\|");
            }
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
            if (r == 0) {
                sb.append("|---");
                sb.append("|---:".repeat(grid.get(0).length - 1)).append("|\n");
            }
        }
        // A blank line ends the table; otherwise GitHub would take the note for one more row.
        String note = footnote();
        return note.isEmpty() ? sb.toString() : sb.append('\n').append(note.replace("*", "\\*")).toString();
    }

    /** A fixed-width text table for terminals. */
    public String toPlainText() {
        List<String[]> grid = grid();
        int cols = grid.get(0).length;
        int[] width = new int[cols];
        for (String[] row : grid) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        int aggregateStart = grid.size() - 2;
        for (int r = 0; r < grid.size(); r++) {
            if (r == 1 || r == aggregateStart) {
                appendRule(sb, width);
            }
            String[] row = grid.get(r);
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    sb.append("  ");
                }
                // Labels left-aligned, numbers right-aligned.
                String pad = " ".repeat(width[c] - row[c].length());
                sb.append(c == 0 ? row[c] + pad : pad + row[c]);
            }
            sb.append('\n');
        }
        return sb.append(footnote()).toString();
    }

    @Override
    public String toString() {
        return toPlainText();
    }

    /** Header row, one row per task, the two aggregate rows: the cells both renderers print. */
    private List<String[]> grid() {
        List<Column> columns = columns();
        if (columns.isEmpty()) {
            throw new IllegalStateException("results table is empty");
        }
        List<String[]> grid = new ArrayList<>();
        String[] header = new String[columns.size() + 1];
        header[0] = "task";
        for (int c = 0; c < columns.size(); c++) {
            header[c + 1] = columns.get(c).header();
        }
        grid.add(header);
        for (String task : tasks.keySet()) {
            String[] row = new String[columns.size() + 1];
            row[0] = task;
            for (int c = 0; c < columns.size(); c++) {
                Double v = cells.get(new Key(task, columns.get(c)));
                row[c + 1] = v == null ? "-" : percent(v);
            }
            grid.add(row);
        }
        String[] meanAcc = new String[columns.size() + 1];
        String[] meanOdds = new String[columns.size() + 1];
        meanAcc[0] = "mean accuracy";
        meanOdds[0] = "mean log-odds";
        for (int c = 0; c < columns.size(); c++) {
            TaskMetrics.Aggregate a = aggregate(columns.get(c));
            String mark = a.tasks() < tasks.size() ? "*" : "";
            meanAcc[c + 1] = percent(a.meanAccuracy()) + mark;
            meanOdds[c + 1] = String.format(Locale.ROOT, "%.2f", a.meanLogOdds()) + mark;
        }
        grid.add(meanAcc);
        grid.add(meanOdds);
        return grid;
    }

    private String footnote() {
        for (Column c : columns()) {
            if (aggregate(c).tasks() < tasks.size()) {
                return "* aggregated over only the tasks this column has a result for (of " + tasks.size()
                        + "; missing results shown as -)\n";
            }
        }
        return "";
    }

    private static String percent(double accuracy) {
        return String.format(Locale.ROOT, "%.1f", 100 * accuracy);
    }

    private static void appendRule(StringBuilder sb, int[] width) {
        int total = 0;
        for (int w : width) {
            total += w;
        }
        sb.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
    }
}
