package org.sdrnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    @Test
    void logOddsByHand() {
        assertEquals(0.0, TaskMetrics.logOdds(0.5), 1e-12);
        assertEquals(Math.log(9), TaskMetrics.logOdds(0.9), 1e-12);
        assertEquals(-Math.log(3), TaskMetrics.logOdds(0.25), 1e-12);
        // Clipped to [1e-4, 1 - 1e-4]: log(0.9999 / 0.0001) = log 9999.
        assertEquals(Math.log(9999), TaskMetrics.logOdds(1.0), 1e-9);
        assertEquals(-Math.log(9999), TaskMetrics.logOdds(0.0), 1e-9);
    }

    @Test
    void aggregateByHand() {
        TaskMetrics.Aggregate a = TaskMetrics.aggregate(List.of(0.9, 0.5, 0.75));
        assertEquals(3, a.tasks());
        assertEquals(2.15 / 3, a.meanAccuracy(), 1e-12);
        assertEquals((Math.log(9) + 0 + Math.log(3)) / 3, a.meanLogOdds(), 1e-12);
    }

    @Test
    void splitsAreAveragedBeforeLogOdds() {
        Map<String, double[]> tasks = new LinkedHashMap<>();
        tasks.put("D8", new double[] {0.8, 1.0, 0.9});   // one task with three folds: 0.9
        tasks.put("D1", new double[] {0.5});
        TaskMetrics.Aggregate a = TaskMetrics.aggregateSplits(tasks);
        assertEquals(2, a.tasks());
        assertEquals(0.7, a.meanAccuracy(), 1e-12);
        // Averaging log-odds per fold first would give a different (larger) number because of the clipped 1.0.
        assertEquals(Math.log(9) / 2, a.meanLogOdds(), 1e-12);
    }

    @Test
    void badInput() {
        KnnEvaluatorTest.assertMessage("[0, 1]", () -> TaskMetrics.logOdds(93.0));
        KnnEvaluatorTest.assertMessage("[0, 1]", () -> TaskMetrics.logOdds(Double.NaN));
        KnnEvaluatorTest.assertMessage("zero tasks", () -> TaskMetrics.aggregate(List.of()));
        KnnEvaluatorTest.assertMessage("task 'D2'", () -> TaskMetrics.aggregateSplits(Map.of("D2", new double[0])));
    }
}
