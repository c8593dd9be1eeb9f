package org.sdrnet.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the project's extension points (pretraining methods, transfer scores, exporters) with
 * {@link ServiceLoader}; a user adds one by listing their class in {@code META-INF/services}.
 */
public final class Services {
    private Services() {
    }

    /** Every provider of {@code type} on the class path, sorted by name. */
    public static <T extends Named> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        ServiceLoader.load(type, Services.class.getClassLoader()).forEach(out::add);
        if (Thread.currentThread().getContextClassLoader() != null) {
            for (T t : ServiceLoader.load(type)) {
                if (out.stream().noneMatch(o -> o.getClass().equals(t.getClass()))) {
                    out.add(t);
                }
            }
        }
        out.sort(Comparator.comparing(Named::name));
        return out;
    }

    /** The provider of {@code type} called {@code name} (any case); an unknown name lists the available ones. */
    public static <T extends Named> T find(Class<T> type, String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        List<T> all = all(type);
        return all.stream().filter(t -> t.name().equals(wanted)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + name + "'; available: "
                        + (all.isEmpty() ? "(none registered)" : all.stream().map(Named::name).collect(Collectors.joining(", ")))));
    }
}
