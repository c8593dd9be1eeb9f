package org.sdrnet.pretrain.trex;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * t-ReX's class prototypes (METHODS.md §4): for class c, p_c = L2norm(Σ of the memory's features labelled c). A class
 * with no row in the memory has the zero prototype, so its logit is 0 for every input. A pure function over arrays.
 */
public final class Prototypes {
    private static final float EPS = 1e-12f;

    private Prototypes() {
    }

    /**
     * Prototypes [numClasses, dim] of {@code features} [k, dim] labelled by {@code labels} [k] (float32 class indices,
     * as the {@link MemoryBank} stores them). Every array it creates belongs to {@code manager}.
     */
    public static NDArray of(NDManager manager, NDArray features, NDArray labels, int numClasses) {
        if (features.getShape().dimension() != 2 || labels.getShape().dimension() != 1
                || labels.getShape().get(0) != features.getShape().get(0)) {
            throw new IllegalArgumentException("prototypes need features [k, dim] and labels [k], got " + features.getShape()
                    + " and " + labels.getShape());
        }
        if (labels.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("prototypes need float32 labels, got " + labels.getDataType());
        }
        NDArray classes = manager.arange(0f, (float) numClasses, 1f).reshape(numClasses, 1);
        NDArray membership = classes.eq(labels).toType(DataType.FLOAT32, false); // [C, k], row c marks class c
        NDArray sums = membership.matMul(features); // [C, dim]
        NDArray norms = sums.norm(new int[] {1}, true).maximum(manager.create(EPS));
        return sums.div(norms); // an empty class: 0 / eps = 0
    }
}
