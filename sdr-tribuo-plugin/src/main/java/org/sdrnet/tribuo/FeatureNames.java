package org.sdrnet.tribuo;

/**
 * Names of the embedding features: {@code emb-0000 … emb-(d-1)}, zero-padded to at least four digits because
 * Tribuo orders features by name as strings, and string order must equal dimension order.
 */
final class FeatureNames {
    static final String PREFIX = "emb-";

    private FeatureNames() {
    }

    static String[] of(int dim) {
        if (dim <= 0) {
            throw new IllegalArgumentException("feature dimension must be positive, got " + dim);
        }
        int width = Math.max(4, Integer.toString(dim - 1).length());
        String format = PREFIX + "%0" + width + "d";
        String[] names = new String[dim];
        for (int i = 0; i < dim; i++) {
            names[i] = String.format(format, i);
        }
        return names;
    }
}
