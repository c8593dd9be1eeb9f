package org.sdrnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    private static ResultsTable twoModelsTwoTasks() {
        return new ResultsTable()
                .put("D1", "digits", "unified", "knn", 0.9)
                .put("D1", "digits", "unified", "linear", 0.75)
                .put("D2", "faces", "unified", "knn", 0.5)
                .put("D2", "faces", "unified", "linear", 0.25)
                .put("D1", "digits", "routed", "knn", 0.95);
    }

    @Test
    void markdownHasTaskRowsModelMetricColumnsAndAggregates() {
        String md = twoModelsTwoTasks().toMarkdown();
        String[] lines = md.split("\n");
        assertEquals("| task | unified/knn | unified/linear | routed/knn |", lines[0]);
        assertEquals("|---|---:|---:|---:|", lines[1]);
        assertEquals("| D1 | 90.0 | 75.0 | 95.0 |", lines[2]);
        assertEquals("| D2 | 50.0 | 25.0 | - |", lines[3]);
        // unified/knn: mean(0.9, 0.5) = 70.0%, mean(ln 9, 0) = 1.10; routed/knn has one of two tasks: marked.
        assertEquals("| mean accuracy | 70.0 | 50.0 | 95.0\\* |", lines[4]);
        assertEquals("| mean log-odds | 1.10 | 0.00 | 2.94\\* |", lines[5]);
        assertEquals("", lines[6], "a blank line ends the table before the note");
        assertTrue(lines[7].startsWith("\\* aggregated over only"), lines[7]);
    }

    @Test
    void plainTextIsAligned() {
        String text = new ResultsTable().put("D1", "", "m", "knn", 0.9).put("D10", "", "m", "knn", 1.0).toPlainText();
        String[] lines = text.split("\n");
        // Header, rule, two tasks, rule, two aggregates: all rows one width.
        assertEquals(7, lines.length);
        for (String line : lines) {
            assertEquals(lines[0].length(), line.length(), "'" + line + "'");
        }
        assertTrue(lines[3].startsWith("D10 ") && lines[3].endsWith("100.0"), lines[3]);
        assertTrue(lines[6].startsWith("mean log-odds") && lines[6].endsWith("5.70"), lines[6]);
    }

    @Test
    void dataSerialisesToJson() throws Exception {
        ResultsTable table = twoModelsTwoTasks();
        ResultsTable.Data data = table.toData();
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(data));
        assertEquals(3, json.get("columns").size());
        assertEquals("unified", json.get("columns").get(0).get("model").asText());
        assertEquals("D2", json.get("rows").get(1).get("task").asText());
        assertEquals(0.25, json.get("rows").get(1).get("accuracy").get("unified/linear").asDouble());
        assertTrue(json.get("rows").get(1).get("accuracy").get("routed/knn") == null, "missing cells are absent");
        JsonNode routed = json.get("aggregates").get(2);
        assertEquals("routed", routed.get("model").asText());
        assertEquals(1, routed.get("tasks").asInt());
        assertEquals(Math.log(0.95 / 0.05), routed.get("meanLogOdds").asDouble(), 1e-12);
    }

    @Test
    void addsATaskEvaluation() {
        TaskEvaluation e = new TaskEvaluation("D3", "cifar", List.of(), Map.of(TaskEvaluation.KNN, 0.6));
        ResultsTable table = new ResultsTable().add("sdr", e);
        assertEquals(List.of(new ResultsTable.Column("sdr", "knn")), table.columns());
        assertEquals(0.6, table.aggregate(table.columns().get(0)).meanAccuracy());
    }

    @Test
    void badInput() {
        KnnEvaluatorTest.assertMessage("[0, 1]", () -> new ResultsTable().put("D1", "", "m", "knn", 93.0));
        KnnEvaluatorTest.assertMessage("already has", () -> twoModelsTwoTasks().put("D1", "", "unified", "knn", 0.1));
    }
}
