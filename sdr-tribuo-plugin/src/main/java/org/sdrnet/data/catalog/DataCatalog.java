package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The registry of the project's real data: pretraining pool domains (P1–P5), labelled pools (L1) and downstream tasks
 * (D1–D8) by id, looked up case-insensitively. Every load is deterministic for its preset and seed. A mixed pool
 * concatenates several domains and labels each image with its domain, for analysis of what the clusters found.
 */
public final class DataCatalog {
    private final DataPaths paths;
    private final Map<String, PoolSource> pools = new LinkedHashMap<>();
    private final Map<String, TaskSource> tasks = new LinkedHashMap<>();

    /** An empty catalog over {@code paths}; see {@link #standard(DataPaths)} for the project's entries. */
    public DataCatalog(DataPaths paths) {
        this.paths = paths;
    }

    /** The standard catalog over the machine's data cache ({@link DataPaths#defaults()}). */
    public static DataCatalog defaults() {
        return standard(DataPaths.defaults());
    }

    /** Every standard entry of DATA.md over {@code paths}. */
    public static DataCatalog standard(DataPaths paths) {
        DataCatalog c = new DataCatalog(paths);
        c.register(MnistLikeSources.mnistPool());
        c.register(MnistLikeSources.fashionPool());
        c.register(MnistLikeSources.mnistTask());
        c.register(MnistLikeSources.fashionTask());
        c.register(new DigitsSource());
        c.register(new TextureSource());
        c.register(new FacesSource());
        c.register(GlyphSources.pool());
        c.register(EmojiSources.pool());
        c.register(ClipartSources.pool());
        c.register(GlyphSources.labelledPool());
        c.register(GlyphSources.task());
        c.register(EmojiSources.task());
        c.register(ClipartSources.task());
        return c;
    }

    /** Adds a pool domain; its id must be new. */
    public DataCatalog register(PoolSource source) {
        put(pools, source.id(), source, "pool");
        return this;
    }

    /** Adds a downstream task; its id must be new. */
    public DataCatalog register(TaskSource source) {
        put(tasks, source.id(), source, "task");
        return this;
    }

    public DataPaths paths() {
        return paths;
    }

    /** Ids of the unlabeled pool domains, sorted (what a mixed pool is made of; labelled pools are not among them). */
    public List<String> poolIds() {
        return pools.values().stream().filter(p -> !p.labelled()).map(PoolSource::id).sorted().toList();
    }

    /** Ids of the labelled pools (their labels are training classes), sorted. */
    public List<String> labelledPoolIds() {
        return pools.values().stream().filter(PoolSource::labelled).map(PoolSource::id).sorted().toList();
    }

    /** Task ids in registration order. */
    public List<String> taskIds() {
        return tasks.values().stream().map(TaskSource::id).sorted().toList();
    }

    /** The pool entry {@code id} (any case), unlabeled or labelled; an unknown id is an error listing the available ones. */
    public PoolSource poolSource(String id) {
        List<String> all = new ArrayList<>(poolIds());
        all.addAll(labelledPoolIds());
        return get(pools, id, "pool", all);
    }

    /** The task entry {@code id} (any case); an unknown id is an error listing the available ones. */
    public TaskSource taskSource(String id) {
        return get(tasks, id, "task", taskIds());
    }

    /** Loads pool domain {@code id}. */
    public ImageSet pool(String id, Preset preset, long seed) {
        return poolSource(id).load(paths, preset, seed);
    }

    /** Loads downstream task {@code id}. */
    public DownstreamTask task(String id, Preset preset, long seed) {
        return taskSource(id).load(paths, preset, seed);
    }

    /**
     * Several pool domains as one set, labeled by domain (class names = the domain ids, in the given order);
     * gray domains are promoted to RGB when any domain has colour.
     */
    public ImageSet mixedPool(List<String> ids, Preset preset, long seed) {
        if (ids.isEmpty()) {
            throw new DataException("a mixed pool needs at least one pool id; available: " + String.join(", ", poolIds()));
        }
        Set<String> seen = new HashSet<>();
        List<ImageSet> parts = new ArrayList<>();
        for (String id : ids) {
            PoolSource s = poolSource(id);
            if (s.labelled()) {
                throw new DataException("pool " + s.id() + " is a labelled pool: load it alone (its labels are its classes), "
                        + "not in a mix of domains " + ids);
            }
            if (!seen.add(s.id())) {
                throw new DataException("pool id '" + id + "' is listed twice in the mixed pool " + ids);
            }
            ImageSet set = s.load(paths, preset, seed);
            // The domain label's name is the set's name: make sure it is the catalog id.
            if (!set.name().equals(s.id())) {
                int[] all = new int[set.size()];
                java.util.Arrays.setAll(all, i -> i);
                set = set.subset(s.id(), all);
            }
            parts.add(set);
        }
        String name = "mixed-" + String.join("+", parts.stream().map(ImageSet::name).toList());
        return ImageSet.concat(name, parts, true);
    }

    private static <T> void put(Map<String, T> map, String id, T source, String kind) {
        String key = key(id);
        if (map.containsKey(key)) {
            throw new IllegalArgumentException(kind + " id '" + id + "' is already registered");
        }
        map.put(key, source);
    }

    private static <T> T get(Map<String, T> map, String id, String kind, List<String> available) {
        T s = id == null ? null : map.get(key(id));
        if (s == null) {
            throw new DataException("unknown " + kind + " id '" + id + "'; available: " + String.join(", ", available));
        }
        return s;
    }

    private static String key(String id) {
        return id.strip().toUpperCase(Locale.ROOT);
    }
}
