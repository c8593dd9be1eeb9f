package org.sdrnet.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of one downstream task: every split, and per metric the accuracy averaged over splits
 * (the number {@link TaskMetrics} and {@link ResultsTable} aggregate).
 *
 * @param taskId      the task's id
 * @param description the task's one-line description
 * @param splits      one evaluation per split, in split order
 * @param accuracy    metric id ({@link #KNN}, {@link #LINEAR}) → test accuracy averaged over splits
 */
public record TaskEvaluation(String taskId, String description, List<SplitEvaluation> splits,
                             Map<String, Double> accuracy) {

    /** Metric id of the weighted kNN classifier. */
    public static final String KNN = "knn";
    /** Metric id of the tuned logistic-regression probe. */
    public static final String LINEAR = "linear";

    public TaskEvaluation {
        splits = List.copyOf(splits);
        accuracy = Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
    }
}
