package org.sdrnet.eval;

import java.util.ArrayList;
import java.util.List;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Turns feature arrays into Tribuo examples and datasets. Feature names are zero-padded ({@code emb-0007})
 * because Tribuo orders features by name as strings; labels are the class indices as text.
 */
final class TribuoFeatures {
    static final LabelFactory LABELS = new LabelFactory();

    private TribuoFeatures() {
    }

    /** {@code emb-0000 … emb-(d-1)}, padded to at least four digits so string order equals numeric order. */
    static String[] featureNames(int d) {
        int width = Math.max(4, Integer.toString(d - 1).length());
        String[] names = new String[d];
        for (int p = 0; p < d; p++) {
            names[p] = "emb-" + String.format("%0" + width + "d", p);
        }
        return names;
    }

    static Label label(int classIndex) {
        return new Label(Integer.toString(classIndex));
    }

    /** The class index a Tribuo label stands for. */
    static int classIndex(Label label) {
        return Integer.parseInt(label.getLabel());
    }

    /** Examples of the rows {@code idx} of {@code x}, standardised, labeled by {@code y} (unknown when null). */
    static List<Example<Label>> examples(float[][] x, int[] y, int[] idx, Standardizer standardizer, String[] names) {
        List<Example<Label>> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            Label output = y == null ? LabelFactory.UNKNOWN_LABEL : label(y[i]);
            out.add(new ArrayExample<>(output, names, standardizer.apply(x[i])));
        }
        return out;
    }

    /** A Tribuo dataset of the labeled examples; {@code description} appears in its provenance. */
    static MutableDataset<Label> dataset(List<Example<Label>> examples, String description) {
        return new MutableDataset<>(examples, new SimpleDataSourceProvenance(description, LABELS), LABELS);
    }
}
