package org.sdrnet.nn;

import org.sdrnet.data.ImageSet;

import java.util.Map;

/**
 * A frozen backbone that turns images into feature vectors: in-process with DJL ({@link DjlFeatureExtractor}) or from
 * an exported file with ONNX Runtime. Evaluation, routing and the Tribuo integration depend only on this.
 */
public interface ImageFeatures extends AutoCloseable {

    /** One feature row per image, in order. */
    float[][] features(ImageSet images);

    /** Length of every feature row. */
    int featureDim();

    /** Where the backbone came from (method, checkpoint or file, sub-net path, …), for provenance. */
    Map<String, String> provenance();

    /** Releases engine resources; no exception. */
    @Override
    void close();
}
