package org.sdrnet.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a {@link LinearProbe} run.
 *
 * @param testAccuracy       accuracy of the refitted probe on the test set, in [0, 1]
 * @param chosenCost         the cost C picked on the validation split (one of the grid values)
 * @param validationAccuracy validation accuracy of every grid value, in grid order
 * @param predictions        the predicted class of every test row, in test order
 */
public record LinearProbeResult(double testAccuracy, double chosenCost, Map<Double, Double> validationAccuracy,
                                int[] predictions) {
    public LinearProbeResult {
        validationAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(validationAccuracy));
    }
}
