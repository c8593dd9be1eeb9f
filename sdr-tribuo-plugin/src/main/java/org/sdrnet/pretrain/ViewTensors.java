package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.sdrnet.data.augment.ViewBatch;

import java.util.List;

/** Turns augmented views into one engine array, so a Siamese step runs a single forward over all views. */
public final class ViewTensors {
    private ViewTensors() {
    }

    /** Views of equal size stacked along the batch axis: {@code [V·B, 3, S, S]} on the manager's device. */
    public static NDArray stack(NDManager manager, List<ViewBatch> views) {
        ViewBatch first = views.get(0);
        int total = 0;
        for (ViewBatch v : views) {
            if (v.size() != first.size()) {
                throw new IllegalArgumentException("cannot stack views of " + v.size() + " and " + first.size() + " px");
            }
            total += v.data().length;
        }
        float[] all = new float[total];
        int off = 0;
        int rows = 0;
        for (ViewBatch v : views) {
            System.arraycopy(v.data(), 0, all, off, v.data().length);
            off += v.data().length;
            rows += v.batchSize();
        }
        return manager.create(all, new Shape(rows, first.channels(), first.size(), first.size()));
    }
}
