package org.sdrnet.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;
import org.tribuo.provenance.DataSourceProvenance;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Provenance of an {@link ImageDataSource}: its configuration (including the extractor's) plus which images were
 * read: the set's name, size and content fingerprint (SHA-256 of pixels and labels), and when.
 */
public final class ImageDataSourceProvenance extends SkeletalConfiguredObjectProvenance implements ConfiguredDataSourceProvenance {
    private static final long serialVersionUID = 1L;

    public static final String IMAGES = "images";
    public static final String NUM_IMAGES = "numImages";
    public static final String IMAGES_SHA256 = "imagesSha256";

    private final Map<String, PrimitiveProvenance<?>> instanceValues;

    ImageDataSourceProvenance(ImageDataSource<?> host) {
        super(host, "DataSource");
        Map<String, PrimitiveProvenance<?>> v = new TreeMap<>();
        v.put(IMAGES, new StringProvenance(IMAGES, host.images().name()));
        v.put(NUM_IMAGES, new IntProvenance(NUM_IMAGES, host.images().size()));
        v.put(IMAGES_SHA256, new HashProvenance(DEFAULT_HASH_TYPE, IMAGES_SHA256, host.images().fingerprint()));
        v.put(DataSourceProvenance.DATASOURCE_CREATION_TIME,
                new DateTimeProvenance(DataSourceProvenance.DATASOURCE_CREATION_TIME, OffsetDateTime.now()));
        instanceValues = v;
    }

    /** For OLCUT's unmarshalling (e.g. when a Tribuo model is deserialized). */
    public ImageDataSourceProvenance(Map<String, Provenance> map) {
        this(extract(map));
    }

    private ImageDataSourceProvenance(ExtractedInfo info) {
        super(info);
        instanceValues = new TreeMap<>(info.instanceValues);
    }

    private static ExtractedInfo extract(Map<String, Provenance> map) {
        String where = ImageDataSourceProvenance.class.getSimpleName();
        Map<String, Provenance> configured = new HashMap<>(map);
        String className = ObjectProvenance.checkAndExtractProvenance(configured, CLASS_NAME, StringProvenance.class, where).getValue();
        String hostName = ObjectProvenance.checkAndExtractProvenance(configured, HOST_SHORT_NAME, StringProvenance.class, where).getValue();
        Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
        instance.put(IMAGES, ObjectProvenance.checkAndExtractProvenance(configured, IMAGES, StringProvenance.class, where));
        instance.put(NUM_IMAGES, ObjectProvenance.checkAndExtractProvenance(configured, NUM_IMAGES, IntProvenance.class, where));
        instance.put(IMAGES_SHA256, ObjectProvenance.checkAndExtractProvenance(configured, IMAGES_SHA256, HashProvenance.class, where));
        instance.put(DataSourceProvenance.DATASOURCE_CREATION_TIME, ObjectProvenance.checkAndExtractProvenance(configured,
                DataSourceProvenance.DATASOURCE_CREATION_TIME, DateTimeProvenance.class, where));
        return new ExtractedInfo(className, hostName, configured, instance);
    }

    @Override
    public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
        Map<String, PrimitiveProvenance<?>> all = super.getInstanceValues();
        all.putAll(instanceValues);
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageDataSourceProvenance p && super.equals(o) && instanceValues.equals(p.instanceValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), instanceValues);
    }
}
