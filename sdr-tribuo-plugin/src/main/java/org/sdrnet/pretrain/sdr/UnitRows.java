package org.sdrnet.pretrain.sdr;

/**
 * The vector arithmetic of the cluster tree, kept in one place so that building the tree and assigning a new
 * feature run exactly the same float operations: that is what makes a training row's stored path equal to the
 * path the tree computes for the same feature later.
 */
final class UnitRows {
    private UnitRows() {
    }

    /**
     * Checks a feature matrix (non-empty, rectangular, finite) and returns its rows scaled to unit L2 norm.
     * An all-zero row stays zero: it has no direction, and it is still assigned deterministically.
     */
    static float[][] normalise(float[][] features) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException("cluster tree needs at least one feature row, got none");
        }
        if (features[0] == null || features[0].length == 0) {
            throw new IllegalArgumentException("cluster tree feature row 0 is empty");
        }
        int d = features[0].length;
        float[][] out = new float[features.length][];
        for (int i = 0; i < features.length; i++) {
            if (features[i] == null || features[i].length != d) {
                throw new IllegalArgumentException("cluster tree features are ragged: row " + i + " has "
                        + (features[i] == null ? "no values" : features[i].length + " values") + ", row 0 has " + d);
            }
            out[i] = normalise(features[i], "feature row " + i);
        }
        return out;
    }

    /** One vector scaled to unit L2 norm; {@code what} names it in the error for a non-finite value. */
    static float[] normalise(float[] x, String what) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            float v = x[j];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("cluster tree " + what + " has a non-finite value (" + v + ") at index " + j);
            }
            s += (double) v * v;
        }
        float[] out = new float[x.length];
        if (s == 0) {
            return out;
        }
        double norm = Math.sqrt(s);
        for (int j = 0; j < x.length; j++) {
            out[j] = (float) (x[j] / norm);
        }
        return out;
    }

    /** Squared Euclidean distance, accumulated in double. */
    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = (double) a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    /**
     * The index of the centroid nearest to {@code x} among those allowed by {@code allowed}; ties go to the lowest
     * index. Returns -1 when nothing is allowed.
     */
    static int nearest(float[][] centroids, boolean[] allowed, float[] x) {
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        for (int g = 0; g < centroids.length; g++) {
            if (!allowed[g]) {
                continue;
            }
            double dd = squaredDistance(centroids[g], x);
            if (best < 0 || dd < bestD) {
                best = g;
                bestD = dd;
            }
        }
        return best;
    }

    /** The mean of the given rows. */
    static float[] mean(float[][] rows, int[] members) {
        int d = rows[members[0]].length;
        double[] s = new double[d];
        for (int m : members) {
            float[] r = rows[m];
            for (int j = 0; j < d; j++) {
                s[j] += r[j];
            }
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) (s[j] / members.length);
        }
        return out;
    }
}
