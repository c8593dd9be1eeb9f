package org.sdrnet.data.augment;

/**
 * One view of a batch as a flat float array of shape {@code [batch, 3, size, size]} (NCHW), normalised and
 * ready to become a tensor. The array is handed over, not copied.
 */
public final class ViewBatch {

    private final float[] data;
    private final int batchSize;
    private final int size;

    public ViewBatch(float[] data, int batchSize, int size) {
        if (batchSize < 0 || size <= 0) {
            throw new IllegalArgumentException("view batch needs batch >= 0 and size > 0, got " + batchSize + ", " + size);
        }
        if (data == null || data.length != (long) batchSize * Normalization.CHANNELS * size * size) {
            throw new IllegalArgumentException("view batch data must hold " + batchSize + "x" + Normalization.CHANNELS
                    + "x" + size + "x" + size + " floats, got " + (data == null ? "null" : data.length));
        }
        this.data = data;
        this.batchSize = batchSize;
        this.size = size;
    }

    /** The values, NCHW; shared, not copied. */
    public float[] data() { return data; }
    public int batchSize() { return batchSize; }
    public int channels() { return Normalization.CHANNELS; }
    /** Image side in pixels. */
    public int size() { return size; }

    /** {@code {batch, 3, size, size}}, as tensor libraries take it. */
    public long[] shape() {
        return new long[] {batchSize, Normalization.CHANNELS, size, size};
    }

    @Override
    public String toString() {
        return "ViewBatch[" + batchSize + "x" + Normalization.CHANNELS + "x" + size + "x" + size + "]";
    }
}
