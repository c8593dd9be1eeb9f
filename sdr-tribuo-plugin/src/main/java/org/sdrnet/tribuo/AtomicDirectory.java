package org.sdrnet.tribuo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a directory whole or not at all: it is filled as a temporary sibling and renamed into place. An existing
 * target is replaced only when it holds {@code marker} (i.e. it is an artifact of the same kind), so a typo in a
 * path never deletes a user's folder.
 */
final class AtomicDirectory {
    /** Fills the temporary directory. */
    interface Filler {
        void fill(Path dir) throws IOException;
    }

    private AtomicDirectory() {
    }

    static void write(Path target, String marker, String what, Filler filler) {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs) && !Files.isRegularFile(abs.resolve(marker))) {
            throw new IllegalArgumentException("refusing to write " + what + " to " + target
                    + ": it exists and is not a " + what + " (no " + marker + ")");
        }
        String suffix = "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp" + suffix);
        Path old = abs.resolveSibling(abs.getFileName() + ".old" + suffix);
        boolean moved = false;
        try {
            Files.createDirectories(tmp);
            filler.fill(tmp);
            if (Files.exists(abs)) {
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(old);
        } catch (IOException e) {
            deleteQuietly(tmp);
            if (moved && !Files.exists(abs)) {
                try {
                    Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException ignored) {
                    // the previous version stays at 'old'; the error below names the target
                }
            }
            throw new UncheckedIOException("could not write " + what + " " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            deleteRecursively(p);
        } catch (IOException ignored) {
            // best effort: a temporary directory is never mistaken for the artifact
        }
    }
}
