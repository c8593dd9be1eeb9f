package org.sdrnet.tribuo;

/**
 * What {@code manifest.json} of a saved {@link SdrModel} says: how to reopen the backbone, its SHA-256, and how to
 * read the inner Tribuo model. Written last, so a directory with a manifest has all its files.
 *
 * @param formatVersion layout version, {@link SdrModelStore#FORMAT_VERSION}
 * @param kind          always {@link SdrModelStore#KIND}: tells a saved model from other directories
 * @param outputType    class of the model's outputs, e.g. {@code org.tribuo.classification.Label}
 * @param outputFactory class of the output factory (public no-argument constructor) used for unknown outputs
 * @param innerModel    class of the inner Tribuo model, for people reading the file
 * @param featureDim    number of backbone features
 * @param backbone      the saved backbone
 * @param created       ISO-8601 time of saving
 * @param library       version of this library
 * @param tribuo        version of Tribuo
 */
record SdrModelManifest(int formatVersion, String kind, String outputType, String outputFactory, String innerModel,
                        int featureDim, BackboneEntry backbone, String created, String library, String tribuo) {

    /**
     * The backbone saved beside the model.
     *
     * @param type        backbone type to reopen it with ({@code djl-tensors} for DJL backbones)
     * @param file        file or directory, relative to the model directory
     * @param subnetPath  sub-net path to reopen it with (empty once a sub-net has been extracted)
     * @param sha256      SHA-256 of the backbone the model was trained on
     * @param description the backbone as it was described at training time
     * @param batchSize   images per forward pass
     */
    record BackboneEntry(String type, String file, String subnetPath, String sha256, String description, int batchSize) {
    }
}
