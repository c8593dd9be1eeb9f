package org.sdrnet.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files and directories whole or not at all, and deletes directory trees.
 * <p>
 * Every write goes to a fresh temporary sibling of the destination (same directory, hence same file system) which is
 * then renamed over it with {@link StandardCopyOption#ATOMIC_MOVE}. A written file is forced to the storage device
 * before the rename, so not even a power loss can leave the new name on an empty or partial file. A reader, or a run
 * killed half-way, therefore sees either the previous content or the new one, never a truncated file; this is what
 * lets training runs, reports, saved models and exported ONNX files be resumed or reread after a crash. On failure
 * the temporary is deleted, the previous destination is left as it was, and the {@link UncheckedIOException} thrown
 * names the destination.
 * <p>
 * One implementation for the whole library, so that temporary names, cleanup and error messages agree everywhere.
 */
public final class AtomicFiles {
    /** Writes the content of a temporary path (a file, or an existing empty directory for {@link #writeDirectory}). */
    @FunctionalInterface
    public interface IOConsumer<T> {
        void accept(T t) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code text} as UTF-8 to {@code file}, atomically, creating its parent directories. */
    public static void writeString(Path file, String text) {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file}, atomically, creating its parent directories. */
    public static void writeBytes(Path file, byte[] bytes) {
        write(file, tmp -> Files.write(tmp, bytes));
    }

    /**
     * Lets {@code writer} create and fill a temporary sibling of {@code file} (it is handed the path; the file does not
     * exist yet), then forces it to disk if it is a regular file and renames it over {@code file}, replacing any
     * previous file there.
     */
    public static void write(Path file, IOConsumer<Path> writer) {
        Path abs = file.toAbsolutePath();
        deleteStaleTemporaries(abs);
        Path tmp = tempSibling(abs);
        try {
            Files.createDirectories(abs.getParent());
            writer.accept(tmp);
            keepMode(abs, tmp);
            force(tmp);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Forces the bytes of {@code file}, when it is a regular file, to the storage device (fsync). */
    private static void force(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }

    /**
     * Writes a directory whole or not at all: {@code filler} fills a temporary sibling, which is then renamed into
     * place. An existing {@code target} is replaced only when it holds the file {@code marker} (i.e. it is an artifact
     * of the same kind), so a typo in a path never deletes a user's folder; {@code what} names the kind of artifact
     * in error messages. The previous directory waits as {@code NAME.old} between the two renames: should the second
     * rename fail it is put back, and should the process die there, {@link #readable} finds it.
     */
    public static void writeDirectory(Path target, String marker, String what, IOConsumer<Path> filler) {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs) && !Files.isRegularFile(abs.resolve(marker))) {
            throw new IllegalArgumentException("refusing to write " + what + " to " + target
                    + ": it exists and is not a " + what + " (no " + marker + ")");
        }
        deleteStaleTemporaries(abs);
        Path tmp = tempSibling(abs);
        Path old = previous(abs);
        boolean moved = false;
        try {
            Files.createDirectories(tmp);
            filler.accept(tmp);
            if (Files.exists(abs)) {
                deleteRecursively(old); // a leftover of an earlier interrupted replace; the target is newer
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
                    // the previous version stays at NAME.old, where readable() finds it; the error below names the target
                }
            }
            throw new UncheckedIOException("could not write " + what + " " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Where to read a directory written by {@link #writeDirectory}: {@code target} itself, or its previous version
     * {@code NAME.old} when a replace was interrupted between its two renames (the target is then missing).
     */
    public static Path readable(Path target) {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path old = previous(target.toAbsolutePath());
        return Files.isDirectory(old) ? old : target;
    }

    private static Path previous(Path abs) {
        return abs.resolveSibling(abs.getFileName() + ".old");
    }

    /** A replaced file keeps its permissions (a new one gets the umask's default, as any new file does). */
    private static void keepMode(Path target, Path tmp) throws IOException {
        if (Files.isRegularFile(target) && Files.isRegularFile(tmp)) {
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            } catch (UnsupportedOperationException notPosix) {
                // no POSIX permissions on this file system: nothing to keep
            }
        }
    }

    /**
     * Deletes the temporaries {@code NAME.tmp-PID-NANOS} of {@code target} whose process is gone (a write killed
     * half-way), so that killed runs leave nothing behind once they are resumed; a live process's are left alone.
     */
    static void deleteStaleTemporaries(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        String prefix = abs.getFileName() + ".tmp-";
        try (Stream<Path> siblings = Files.list(dir)) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash > 0 ? rest.substring(0, dash) : rest);
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                deleteQuietly(p);
            }
        } catch (IOException ignored) {
            // cleaning up is a courtesy; the write itself reports real I/O problems
        }
    }

    /** A fresh name for a temporary sibling of {@code target}: {@code NAME.tmp-PID-NANOS}, never an existing path's. */
    public static Path tempSibling(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    /** Deletes {@code p} and, if it is a directory, everything under it; nothing happens when it does not exist. */
    public static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /** {@link #deleteRecursively}, best effort: for temporaries, whose leftovers are never mistaken for the artifact. */
    public static void deleteQuietly(Path p) {
        try {
            deleteRecursively(p);
        } catch (IOException ignored) {
            // the error that made us clean up is the one worth reporting
        }
    }
}
