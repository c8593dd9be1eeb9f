package org.sdrnet.data;

import java.util.List;
import java.util.Objects;

/**
 * A labeled downstream task: one or more train/test splits over the same classes (several for a
 * k-fold protocol such as D8's 5-fold cross-validation). Evaluation averages over the splits.
 *
 * @param id          catalog id (e.g. {@code D1}) or the folder a user's task was read from
 * @param description one line for tables and reports
 * @param splits      the train/test splits; never empty
 */
public record DownstreamTask(String id, String description, List<Split> splits) {

    /** One train/test split; the test part is for final evaluation only (routing never sees it). */
    public record Split(ImageSet train, ImageSet test) {
        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
            if (!train.isLabeled() || !test.isLabeled()) {
                throw new IllegalArgumentException("task splits must be labeled: " + train.name() + ", " + test.name());
            }
            if (train.isEmpty() || test.isEmpty()) {
                throw new IllegalArgumentException("task split has an empty part: train '" + train.name() + "' has "
                        + train.size() + " images, test '" + test.name() + "' has " + test.size());
            }
            if (!train.classNames().equals(test.classNames())) {
                throw new IllegalArgumentException("train and test classes differ: " + train.classNames() + " vs " + test.classNames());
            }
        }
    }

    public DownstreamTask {
        Objects.requireNonNull(id, "id");
        splits = List.copyOf(splits);
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("task '" + id + "' has no splits");
        }
    }

    /** A task with one split. */
    public static DownstreamTask single(String id, String description, ImageSet train, ImageSet test) {
        return new DownstreamTask(id, description, List.of(new Split(train, test)));
    }

    public List<String> classNames() { return splits.get(0).train().classNames(); }
}
