package org.sdrnet.pretrain.trex;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.sdrnet.nn.NamedParameters;
import org.sdrnet.nn.Weights;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * t-ReX's memory (Sariyildiz et al., ICLR 2023; METHODS.md §4): a FIFO of fixed capacity holding (feature, label)
 * pairs from which the class prototypes are computed on the fly. It starts full of random unit features with random
 * labels drawn from a seed; {@link #enqueue} overwrites the oldest rows.
 * <p>
 * Its whole state (features, labels, write pointer) is held in three frozen parameters ({@link #namedParameters()}),
 * so it goes into every checkpoint with the networks and a resumed run continues with exactly the same memory. Labels
 * and the pointer are stored as float32 (the checkpoint's format), exact for values below 2^24.
 */
public final class MemoryBank implements NamedParameters {
    static final String FEATURES = "features";
    static final String LABELS = "labels";
    static final String POINTER = "pointer";
    private static final int EXACT_FLOAT_INT = 1 << 24;

    private final int capacity;
    private final int dim;
    private final int numClasses;
    private final Parameter features;
    private final Parameter labels;
    private final Parameter pointer;

    private MemoryBank(int capacity, int dim, int numClasses, NDArray f, NDArray l, NDArray p) {
        this.capacity = capacity;
        this.dim = dim;
        this.numClasses = numClasses;
        this.features = frozen(FEATURES, f);
        this.labels = frozen(LABELS, l);
        this.pointer = frozen(POINTER, p);
    }

    private static Parameter frozen(String name, NDArray value) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optRequiresGrad(false).build();
        p.setArray(value);
        return p;
    }

    /**
     * A bank of {@code capacity} rows of dimension {@code dim}, on {@code manager}'s device, filled with random unit
     * vectors and labels uniform in [0, numClasses), both drawn from {@code seed}.
     */
    public static MemoryBank random(int capacity, int dim, int numClasses, long seed, NDManager manager) {
        if (capacity <= 0 || capacity >= EXACT_FLOAT_INT) {
            throw new IllegalArgumentException("memory bank capacity must be in [1, 2^24), got " + capacity);
        }
        if (dim <= 0) {
            throw new IllegalArgumentException("memory bank feature dimension must be positive, got " + dim);
        }
        if (numClasses <= 0 || numClasses >= EXACT_FLOAT_INT) {
            throw new IllegalArgumentException("memory bank needs between 1 and 2^24 classes, got " + numClasses);
        }
        Random random = new Random(seed);
        float[] f = new float[capacity * dim];
        float[] l = new float[capacity];
        for (int r = 0; r < capacity; r++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                double g = random.nextGaussian();
                f[r * dim + j] = (float) g;
                norm += g * g;
            }
            float inv = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int j = 0; j < dim; j++) {
                f[r * dim + j] *= inv;
            }
            l[r] = random.nextInt(numClasses);
        }
        return new MemoryBank(capacity, dim, numClasses, manager.create(f, new Shape(capacity, dim)),
                manager.create(l, new Shape(capacity)), manager.create(new float[] {0f}, new Shape(1)));
    }

    public int capacity() {
        return capacity;
    }

    public int dim() {
        return dim;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The stored features, [capacity, dim] (the live array: do not modify). */
    public NDArray features() {
        return features.getArray();
    }

    /** The stored labels as float32, [capacity] (the live array: do not modify). */
    public NDArray labels() {
        return labels.getArray();
    }

    /** The row the next enqueued pair goes to. */
    public int writePointer() {
        return (int) pointer.getArray().getFloat(0);
    }

    /**
     * Writes {@code batch} ([n, dim]) with {@code batchLabels} (n classes) over the n oldest rows, in order, wrapping
     * around the end; n may not exceed the capacity. The feature is detached from any gradient.
     */
    public void enqueue(NDArray batch, int[] batchLabels) {
        Shape s = batch.getShape();
        if (s.dimension() != 2 || s.get(1) != dim) {
            throw new IllegalArgumentException("memory bank of dimension " + dim + " cannot take features of shape " + s);
        }
        int n = (int) s.get(0);
        if (n != batchLabels.length) {
            throw new IllegalArgumentException("memory bank: " + n + " features but " + batchLabels.length + " labels");
        }
        if (n > capacity) {
            throw new IllegalArgumentException("memory bank of capacity " + capacity + " cannot take a batch of " + n);
        }
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            if (batchLabels[i] < 0 || batchLabels[i] >= numClasses) {
                throw new IllegalArgumentException("memory bank: label " + batchLabels[i] + " outside [0, " + numClasses + ")");
            }
            l[i] = batchLabels[i];
        }
        NDManager m = features().getManager();
        try (NDManager scratch = m.newSubManager()) {
            NDArray f = batch.stopGradient().toDevice(features().getDevice(), false).toType(DataType.FLOAT32, false);
            f.attach(scratch);
            NDArray lab = scratch.create(l);
            int ptr = writePointer();
            int first = Math.min(n, capacity - ptr);
            write(ptr, f.get("0:" + first), lab.get("0:" + first));
            if (first < n) {
                write(0, f.get(first + ":"), lab.get(first + ":"));
            }
            Weights.assign(pointer.getArray(), scratch.create(new float[] {(ptr + n) % capacity}));
        }
    }

    private void write(int from, NDArray f, NDArray l) {
        int to = from + (int) f.getShape().get(0);
        features().set(new NDIndex(from + ":" + to), f);
        labels().set(new NDIndex(from + ":" + to), l);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put(FEATURES, features);
        m.put(LABELS, labels);
        m.put(POINTER, pointer);
        return m;
    }
}
