package org.sdrnet.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceException;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Provenance of an {@link SdrFeatureExtractor}: its configuration (from which OLCUT can rebuild it) plus facts about
 * the backbone that configuration alone cannot show: a description, the feature dimension, the backbone's SHA-256
 * and, under {@value #SOURCE_PREFIX}, every entry of the backbone's own provenance (method, checkpoint, sub-net,
 * routing summary). Carried into every Tribuo {@code ModelProvenance} through {@link ImageDataSource}.
 */
public final class SdrFeatureExtractorProvenance extends SkeletalConfiguredObjectProvenance {
    private static final long serialVersionUID = 1L;

    public static final String DESCRIPTION = "description";
    public static final String FEATURE_DIM = "featureDim";
    public static final String BACKBONE_SHA256 = "backboneSha256";
    /** Prefix of the backbone's own provenance entries. */
    public static final String SOURCE_PREFIX = "source.";

    private final Map<String, PrimitiveProvenance<?>> instanceValues;

    SdrFeatureExtractorProvenance(SdrFeatureExtractor host) {
        super(host, "FeatureExtractor");
        Map<String, PrimitiveProvenance<?>> v = new TreeMap<>();
        v.put(DESCRIPTION, new StringProvenance(DESCRIPTION, host.description()));
        v.put(FEATURE_DIM, new IntProvenance(FEATURE_DIM, host.featureDim()));
        host.backboneDigest().ifPresent(d ->
                v.put(BACKBONE_SHA256, new HashProvenance(ObjectProvenance.DEFAULT_HASH_TYPE, BACKBONE_SHA256, d)));
        host.backboneProvenance().forEach((k, value) ->
                v.put(SOURCE_PREFIX + k, new StringProvenance(SOURCE_PREFIX + k, String.valueOf(value))));
        instanceValues = v;
    }

    /** For OLCUT's unmarshalling (e.g. when a Tribuo model is deserialized). */
    public SdrFeatureExtractorProvenance(Map<String, Provenance> map) {
        this(extract(map));
    }

    private SdrFeatureExtractorProvenance(ExtractedInfo info) {
        super(info);
        instanceValues = new TreeMap<>(info.instanceValues);
    }

    private static ExtractedInfo extract(Map<String, Provenance> map) {
        String where = SdrFeatureExtractorProvenance.class.getSimpleName();
        Map<String, Provenance> configured = new HashMap<>(map);
        String className = ObjectProvenance.checkAndExtractProvenance(configured, CLASS_NAME, StringProvenance.class, where).getValue();
        String hostName = ObjectProvenance.checkAndExtractProvenance(configured, HOST_SHORT_NAME, StringProvenance.class, where).getValue();
        Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
        for (String key : map.keySet()) {
            if (key.equals(DESCRIPTION) || key.equals(FEATURE_DIM) || key.equals(BACKBONE_SHA256) || key.startsWith(SOURCE_PREFIX)) {
                Provenance p = configured.remove(key);
                if (!(p instanceof PrimitiveProvenance<?> pp)) {
                    throw new ProvenanceException(where + ": entry '" + key + "' is not a primitive provenance: " + p);
                }
                instance.put(key, pp);
            }
        }
        return new ExtractedInfo(className, hostName, configured, instance);
    }

    @Override
    public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
        Map<String, PrimitiveProvenance<?>> all = super.getInstanceValues();
        all.putAll(instanceValues);
        return all;
    }

    /** The backbone's SHA-256 recorded when the extractor was created, if it was known. */
    public Optional<String> backboneSha256() {
        return Optional.ofNullable(instanceValues.get(BACKBONE_SHA256)).map(p -> String.valueOf(p.getValue()));
    }

    /** The recorded description of the backbone. */
    public String description() {
        return String.valueOf(instanceValues.get(DESCRIPTION).getValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdrFeatureExtractorProvenance p && super.equals(o) && instanceValues.equals(p.instanceValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), instanceValues);
    }
}
