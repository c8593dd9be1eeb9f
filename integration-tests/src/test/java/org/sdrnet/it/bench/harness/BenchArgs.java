package org.sdrnet.it.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arguments of a seeded experiment of {@code scripts/bench}: {@code BUDGET OUT_DIR [--seeds N] [--reuse]
 * [--device DEV]} plus the experiment's own valued options. Bad arguments throw {@link IllegalArgumentException} naming
 * the problem; the caller prints it with the usage line.
 *
 * @param budget  the named budget
 * @param out     the output directory as given
 * @param seeds   how many seeds (1–99), from the experiment's seed on
 * @param reuse   keep finished runs, resume killed ones
 * @param device  where to compute ({@code auto} unless given)
 * @param options the experiment's own options by name (e.g. {@code --depths} → {@code 0,2,3}); absent when not given
 */
public record BenchArgs(Budget budget, String out, int seeds, boolean reuse, String device, Map<String, String> options) {

    public BenchArgs {
        options = Map.copyOf(options);
    }

    /** Parses {@code args}; {@code extraOptions} are the experiment's own options that take a value (e.g. {@code --depths}). */
    public static BenchArgs parse(String[] args, Set<String> extraOptions) {
        List<String> positional = new ArrayList<>();
        Map<String, String> extra = new LinkedHashMap<>();
        boolean reuse = false;
        int seeds = 1;
        String device = "auto";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--reuse")) {
                reuse = true;
            } else if (a.equals("--seeds")) {
                if (i + 1 >= args.length || !args[i + 1].matches("[1-9][0-9]?")) {
                    throw new IllegalArgumentException("--seeds needs a number of seeds from 1 to 99");
                }
                seeds = Integer.parseInt(args[++i]);
            } else if (a.equals("--device") || extraOptions.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                if (a.equals("--device")) {
                    device = args[++i];
                } else {
                    extra.put(a, args[++i]);
                }
            } else if (a.startsWith("--")) {
                Set<String> known = new TreeSet<>(Arrays.asList("--reuse", "--seeds", "--device"));
                known.addAll(extraOptions);
                throw new IllegalArgumentException("unknown option " + a + "; options: " + String.join(", ", known));
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException("expected BUDGET and OUT_DIR, got " + positional + "; budgets: "
                    + String.join(", ", Budget.names()));
        }
        return new BenchArgs(Budget.named(positional.get(0)), positional.get(1), seeds, reuse, device, extra);
    }
}
