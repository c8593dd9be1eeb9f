package org.sdrnet.eval;

/** Gathers the rows of a feature matrix or label array at given indices (rows are shared, not copied). */
final class Rows {
    private Rows() {
    }

    static float[][] of(float[][] x, int[] idx) {
        float[][] out = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = x[idx[i]];
        }
        return out;
    }

    static int[] of(int[] y, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = y[idx[i]];
        }
        return out;
    }
}
