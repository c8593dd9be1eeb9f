package org.sdrnet.it.bench.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of an experiment changes from the defaults, for an ablation: method options by method
 * ({@code sdr:schedule=global}, {@code unified:minCropScale=0.5}; method {@code all} applies to every method) and
 * the routing margin and BatchNorm handling.
 *
 * @param options       method → option → value, as {@code sdr pretrain -o} takes them
 * @param routingMargin {@link org.sdrnet.route.RoutingSettings#margin()}
 * @param recalibrateBn {@link org.sdrnet.route.RoutingSettings#recalibrateBn()}
 */
public record Variant(Map<String, Map<String, String>> options, double routingMargin, boolean recalibrateBn) {
    public static final Variant DEFAULTS = new Variant(Map.of(), 0, false);
    public static final String ALL_METHODS = "all";

    public Variant {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        options.forEach((m, o) -> copy.put(m, Map.copyOf(o)));
        options = Map.copyOf(copy);
    }

    /** Parses {@code METHOD:KEY=VALUE} arguments (e.g. {@code sdr:privateLr=4}); a malformed one is an error naming it. */
    public static Variant parse(List<String> args, double routingMargin, boolean recalibrateBn) {
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        for (String a : args) {
            int colon = a.indexOf(':');
            int eq = a.indexOf('=');
            if (colon <= 0 || eq <= colon + 1 || eq == a.length() - 1) {
                throw new IllegalArgumentException("option '" + a + "' is not METHOD:KEY=VALUE (e.g. sdr:schedule=global)");
            }
            options.computeIfAbsent(a.substring(0, colon), k -> new LinkedHashMap<>()).put(a.substring(colon + 1, eq), a.substring(eq + 1));
        }
        return new Variant(options, routingMargin, recalibrateBn);
    }

    /** The options {@code method} gets: those given for {@value #ALL_METHODS}, then its own. */
    public Map<String, String> optionsFor(String method) {
        Map<String, String> m = new LinkedHashMap<>(options.getOrDefault(ALL_METHODS, Map.of()));
        m.putAll(options.getOrDefault(method, Map.of()));
        return m;
    }
}
