package org.sdrnet.runtime;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceException;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tribuo (OLCUT) provenance of an exported backbone: what the ONNX file holds (spec, input contract, export
 * settings, verification result) and where its weights came from (checkpoint, method, sub-net, seed, data
 * fingerprint). It is stored in the file under {@code TRIBUO_PROVENANCE}, serialised with the same protobuf
 * serializer as Tribuo's own ONNX exports, so a Tribuo model trained on the file's features can carry it.
 * <p>
 * A backbone is not trained by a Tribuo {@code Trainer}, so this is not a {@code ModelProvenance}: inventing a
 * trainer and dataset provenance would record things that never happened. Every field is a string.
 */
public final class BackboneExportProvenance implements ObjectProvenance {
    private static final long serialVersionUID = 1L;

    private final String className;
    private final Map<String, String> fields;

    /**
     * @param className the class that produced the file (the exporter)
     * @param fields    the recorded facts; keys are sorted so equal facts give equal provenance
     */
    public BackboneExportProvenance(String className, Map<String, String> fields) {
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("provenance needs the producing class name");
        }
        TreeMap<String, String> copy = new TreeMap<>(fields);
        if (copy.containsKey(CLASS_NAME)) {
            throw new IllegalArgumentException("'" + CLASS_NAME + "' is reserved in provenance fields");
        }
        this.className = className;
        this.fields = Collections.unmodifiableMap(copy);
    }

    /** The constructor OLCUT calls when it unmarshals the provenance. */
    public BackboneExportProvenance(Map<String, Provenance> map) {
        this(className(map), strings(map));
    }

    private static String className(Map<String, Provenance> map) {
        return ObjectProvenance.checkAndExtractProvenance(map, CLASS_NAME, StringProvenance.class,
                BackboneExportProvenance.class.getSimpleName()).getValue();
    }

    private static Map<String, String> strings(Map<String, Provenance> map) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Provenance> e : map.entrySet()) {
            if (e.getKey().equals(CLASS_NAME)) {
                continue;
            }
            if (!(e.getValue() instanceof StringProvenance s)) {
                throw new ProvenanceException("backbone export provenance field '" + e.getKey() + "' is not a string: " + e.getValue());
            }
            out.put(e.getKey(), s.getValue());
        }
        return out;
    }

    @Override
    public String getClassName() {
        return className;
    }

    /** The recorded facts, sorted by key. */
    public Map<String, String> fields() {
        return fields;
    }

    @Override
    public Iterator<Pair<String, Provenance>> iterator() {
        List<Pair<String, Provenance>> out = new ArrayList<>(fields.size() + 1);
        out.add(new Pair<>(CLASS_NAME, new StringProvenance(CLASS_NAME, className)));
        fields.forEach((k, v) -> out.add(new Pair<>(k, new StringProvenance(k, v))));
        return out.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackboneExportProvenance p && p.className.equals(className) && p.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return 31 * className.hashCode() + fields.hashCode();
    }

    @Override
    public String toString() {
        return generateString("BackboneExport");
    }
}
