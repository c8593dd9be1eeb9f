package org.sdrnet.pretrain.sdr;

import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.tribuo.clustering.kmeans.KMeansTrainer;

import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Data shared by the cluster tree tests: synthetic blobs and the real MNIST + Fashion-MNIST tiny pool. */
final class TreeFixtures {
    /** Held so the level setting is not lost to garbage collection; Tribuo logs every k-means iteration at INFO. */
    private static final Logger KMEANS_LOG = Logger.getLogger(KMeansTrainer.class.getName());
    private static ImageSet pool;

    static {
        KMEANS_LOG.setLevel(Level.WARNING);
    }

    private TreeFixtures() {
    }

    /** P1 (MNIST) + P2 (Fashion-MNIST) at the tiny preset, labeled by domain; loaded once per JVM. */
    static synchronized ImageSet pool() {
        if (pool == null) {
            pool = DataCatalog.defaults().mixedPool(List.of("P1", "P2"), Preset.TINY, 7);
        }
        return pool;
    }

    /** Every image's pixels scaled to [0, 1], as a feature row. */
    static float[][] rawPixels(ImageSet images) {
        float[][] out = new float[images.size()][images.bytesPerImage()];
        for (int i = 0; i < images.size(); i++) {
            byte[] b = images.image(i);
            for (int j = 0; j < b.length; j++) {
                out[i][j] = (b[j] & 0xFF) / 255f;
            }
        }
        return out;
    }

    /**
     * {@code perBlob} points around each of {@code blobs} orthogonal directions in {@code dim} dimensions (blob k
     * around basis vector k), with Gaussian noise of the given scale; rows are grouped blob by blob.
     */
    static float[][] blobs(int blobs, int perBlob, int dim, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[blobs * perBlob][dim];
        for (int k = 0; k < blobs; k++) {
            for (int i = 0; i < perBlob; i++) {
                float[] row = out[k * perBlob + i];
                for (int j = 0; j < dim; j++) {
                    row[j] = (float) (gaussian(r) * noise + (j == k ? 1 : 0));
                }
            }
        }
        return out;
    }

    /** Row i of {@link #blobs} belongs to blob i / perBlob. */
    static int[] blobLabels(int blobs, int perBlob) {
        int[] out = new int[blobs * perBlob];
        for (int i = 0; i < out.length; i++) {
            out[i] = i / perBlob;
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        // Box–Muller; only needs to be seeded and roughly normal
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
