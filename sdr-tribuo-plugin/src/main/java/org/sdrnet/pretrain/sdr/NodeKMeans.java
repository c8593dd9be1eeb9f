package org.sdrnet.pretrain.sdr;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.la.DenseVector;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Runs Tribuo's k-means (k-means++ initialisation, Euclidean distance, one thread) on the members of one tree
 * node and returns the centroids in the caller's coordinate order. Rows are unit vectors, so Euclidean k-means
 * ranks neighbours exactly as cosine similarity would.
 */
final class NodeKMeans {
    private static final ClusteringFactory FACTORY = new ClusteringFactory();

    private NodeKMeans() {
    }

    /**
     * The best of {@code restarts} k-means runs (the least within-cluster sum of squares); run r uses seed
     * {@code mix(seed, r)}, run 0 the seed itself.
     */
    static float[][] bestOf(float[][] rows, int[] members, int k, int iterations, int restarts, long seed) {
        float[][] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            float[][] c = centroids(rows, members, k, iterations, r == 0 ? seed : org.sdrnet.data.Sampling.mix(seed, r));
            double cost = sumOfSquares(rows, members, c);
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /** Sum over members of the squared distance to the nearest centroid. */
    static double sumOfSquares(float[][] rows, int[] members, float[][] centroids) {
        double total = 0;
        for (int m : members) {
            double nearest = Double.POSITIVE_INFINITY;
            for (float[] c : centroids) {
                double d = 0;
                for (int j = 0; j < c.length; j++) {
                    double t = rows[m][j] - c[j];
                    d += t * t;
                }
                nearest = Math.min(nearest, d);
            }
            total += nearest;
        }
        return total;
    }

    /**
     * k-means of {@code rows[members]} with {@code k} centroids.
     *
     * @param seed the seed of this node's run (one thread, so the result is a function of it)
     * @return k centroids of the rows' dimension; a centroid whose cluster emptied during the iterations is
     * whatever Tribuo left there (the caller treats it as an empty cluster)
     */
    static float[][] centroids(float[][] rows, int[] members, int k, int iterations, long seed) {
        int d = rows[members[0]].length;
        String[] names = featureNames(d);
        MutableDataset<ClusterID> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("sdr cluster tree node", FACTORY), FACTORY);
        for (int m : members) {
            float[] r = rows[m];
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = r[j];
            }
            data.add(new ArrayExample<>(FACTORY.getUnknownOutput(), names, v));
        }
        KMeansTrainer trainer = new KMeansTrainer(k, iterations, new L2Distance(),
                KMeansTrainer.Initialisation.PLUSPLUS, 1, seed);
        KMeansModel model = trainer.train(data);
        // Tribuo numbers features by its own (name) order: map every column back through the feature map.
        ImmutableFeatureMap ids = model.getFeatureIDMap();
        int[] column = new int[d];
        for (int j = 0; j < d; j++) {
            column[j] = ids.getID(names[j]);
            if (column[j] < 0) {
                throw new IllegalStateException("k-means lost feature " + names[j] + " of a tree node");
            }
        }
        DenseVector[] c = model.getCentroidVectors();
        if (c.length != k) {
            throw new IllegalStateException("k-means returned " + c.length + " centroids, expected " + k);
        }
        float[][] out = new float[k][d];
        for (int g = 0; g < k; g++) {
            for (int j = 0; j < d; j++) {
                out[g][j] = (float) c[g].get(column[j]);
            }
        }
        return out;
    }

    /** Zero-padded names, so Tribuo's name order is also the numeric order. */
    private static String[] featureNames(int d) {
        int width = Integer.toString(d - 1).length();
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            String s = Integer.toString(j);
            names[j] = "f" + "0".repeat(width - s.length()) + s;
        }
        return names;
    }
}
