package org.sdrnet.it.bench.harness;

import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pretraining images of an experiment under a budget: each pool domain capped at the budget's images per domain,
 * and their mix. A single-domain model and the mixed pool see exactly the same images of that domain.
 */
public final class PoolData {
    private final Map<String, ImageSet> domains;
    private final ImageSet mixed;

    private PoolData(Map<String, ImageSet> domains, ImageSet mixed) {
        this.domains = domains;
        this.mixed = mixed;
    }

    /** Loads the experiment's domains at the budget's preset, keeps the first {@code poolPerDomain} of each, mixes them. */
    public static PoolData load(DataCatalog catalog, Experiment experiment, Budget budget) {
        Map<String, ImageSet> domains = new LinkedHashMap<>();
        for (String id : experiment.poolDomains()) {
            ImageSet set = catalog.pool(id, budget.preset(), experiment.seed());
            if (set.size() < budget.poolPerDomain()) {
                throw new IllegalArgumentException("pool domain " + id + " has " + set.size() + " images at preset "
                        + budget.preset().id() + "; budget '" + budget.name() + "' wants " + budget.poolPerDomain());
            }
            int[] first = new int[budget.poolPerDomain()];
            java.util.Arrays.setAll(first, i -> i);
            // named by the catalog id: the mixed pool's domain labels are these names
            domains.put(id, set.subset(catalog.poolSource(id).id(), first));
        }
        List<ImageSet> parts = new ArrayList<>(domains.values());
        ImageSet mixed = ImageSet.concat("mixed-" + String.join("+", domains.keySet()), parts, true);
        return new PoolData(Collections.unmodifiableMap(domains), mixed);
    }

    /** Domain id → its images (gray or colour as the domain is). */
    public Map<String, ImageSet> domains() {
        return domains;
    }

    /** All domains together, labeled by domain, promoted to colour when any domain has colour. */
    public ImageSet mixed() {
        return mixed;
    }
}
