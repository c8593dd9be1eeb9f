package org.sdrnet.pretrain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a run directory already holds: the methods of the checkpoints in it ({@code checkpoint/}, {@code level-N/checkpoint/}). */
public final class RunDirectory {
    private RunDirectory() {
    }

    /** The methods of the runs in {@code dir}, in file order; empty when it holds none (or does not exist). */
    public static List<String> methods(Path dir) {
        List<String> methods = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return methods;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(dir.resolve(TrainingLoop.CHECKPOINT_DIR));
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("level-\\d+")).sorted()
                    .forEach(p -> candidates.add(p.resolve(TrainingLoop.CHECKPOINT_DIR)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list run directory " + dir, e);
        }
        for (Path c : candidates) {
            if (CheckpointStore.exists(c)) {
                String m = CheckpointStore.manifest(c).method();
                if (!methods.contains(m)) {
                    methods.add(m);
                }
            }
        }
        return methods;
    }

    /** Refuses to train {@code method} into {@code dir} when it holds another method's run (two runs would mix). */
    public static void requireOnly(Path dir, String method) {
        List<String> others = methods(dir).stream().filter(m -> !m.equals(method)).toList();
        if (!others.isEmpty()) {
            throw new IllegalStateException("run directory " + dir + " holds a " + String.join(" and a ", others) + " run; a "
                    + method + " run needs a directory of its own (choose another --out)");
        }
    }
}
