package org.sdrnet.data.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.sdrnet.data.ImageSet;

/**
 * The engine of {@link TwoViewAugmenter} and {@link MultiCropAugmenter}: renders the views a subclass declares
 * for a batch of images into normalised NCHW arrays, in parallel or not.
 * <p>
 * View {@code v} of the image at data-set index {@code i} draws only from a generator seeded by
 * {@link SampleSeeds#forView(long, long, int) (seed, i, v)}, and every sample writes its own slice of the
 * output, so the result is the same with any number of threads and for any order or grouping of the indices.
 */
abstract class ViewRenderer implements MultiViewAugmenter {

    /** One declared view: how it is augmented and its side in pixels. */
    record View(ViewAugmentation augmentation, int size) {}

    /** The settings every augmenter has, for its builder to extend. */
    abstract static class BaseBuilder<B extends BaseBuilder<B>> {
        Normalization normalization = Normalization.DEFAULT;
        boolean parallel = true;

        /** Default {@link Normalization#DEFAULT}. */
        public B optNormalization(Normalization n) {
            normalization = n;
            return self();
        }

        /** Spread samples over the common fork-join pool (default true); results are identical either way. */
        public B optParallel(boolean p) {
            parallel = p;
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }

    private final List<TransformPipeline> pipelines;
    private final int[] sizes;
    private final Normalization normalization;
    private final boolean parallel;

    ViewRenderer(List<View> views, BaseBuilder<?> settings) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("need at least one view");
        }
        if (settings.normalization == null) {
            throw new IllegalArgumentException("normalization must not be null");
        }
        this.pipelines = views.stream().map(v -> v.augmentation().pipeline(v.size())).toList();
        this.sizes = views.stream().mapToInt(View::size).toArray();
        this.normalization = settings.normalization;
        this.parallel = settings.parallel;
    }

    @Override
    public List<ViewBatch> augment(ImageSet images, int[] indices, long seed) {
        checkIndices(images, indices);
        int batch = indices.length;
        int views = pipelines.size();
        float[][] out = new float[views][];
        for (int v = 0; v < views; v++) {
            out[v] = new float[batch * Normalization.CHANNELS * sizes[v] * sizes[v]];
        }
        IntStream positions = IntStream.range(0, batch);
        (parallel ? positions.parallel() : positions).forEach(b -> renderSample(images, indices[b], b, seed, out));
        List<ViewBatch> result = new ArrayList<>(views);
        for (int v = 0; v < views; v++) {
            result.add(new ViewBatch(out[v], batch, sizes[v]));
        }
        return List.copyOf(result);
    }

    @Override
    public int[] viewSizes() {
        return sizes.clone();
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    private void renderSample(ImageSet images, int index, int position, long seed, float[][] out) {
        FloatImage source = FloatImage.fromImageSet(images, index);
        int views = pipelines.size();
        for (int v = 0; v < views; v++) {
            SplittableRandom random = new SplittableRandom(SampleSeeds.forView(seed, index, v));
            // Transforms may work in place: every view but the last gets its own copy of the source.
            FloatImage input = v == views - 1 ? source : source.copy();
            FloatImage view = pipelines.get(v).apply(input, random);
            int s = sizes[v];
            if (view.height() != s || view.width() != s) {
                throw new IllegalStateException("view " + v + " pipeline produced " + view.height() + "x"
                        + view.width() + " pixels, expected " + s + "x" + s);
            }
            normalization.normalizeInto(view, out[v], position * Normalization.CHANNELS * s * s);
        }
    }

    static void checkIndices(ImageSet images, int[] indices) {
        if (images == null) {
            throw new IllegalArgumentException("image set must not be null");
        }
        if (indices == null) {
            throw new IllegalArgumentException("indices must not be null");
        }
        int n = images.size();
        for (int b = 0; b < indices.length; b++) {
            if (indices[b] < 0 || indices[b] >= n) {
                throw new IllegalArgumentException("index " + indices[b] + " at batch position " + b
                        + " is outside image set '" + images.name() + "' of " + n + " images");
            }
        }
    }
}
