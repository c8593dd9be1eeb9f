package org.sdrnet.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @Test
    void writesAndReplacesFilesCreatingParents(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a/b/report.md");
        AtomicFiles.writeString(file, "first ✓");
        assertEquals("first ✓", Files.readString(file));
        AtomicFiles.writeBytes(file, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, "third"));
        assertEquals("third", Files.readString(file));
        assertEquals(List.of(file), list(file.getParent()));
    }

    @Test
    void failedWriteKeepsTheOldFileLeavesNoTemporaryAndNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.json");
        AtomicFiles.writeString(file, "old");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(file, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, tmp -> {
            Files.writeString(tmp, "half");
            throw new IllegalStateException("bug");
        }));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void writesDirectoriesAndRefusesToReplaceAForeignOne(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model");
        AtomicFiles.writeDirectory(target, "manifest.json", "model", tmp -> Files.writeString(tmp.resolve("manifest.json"), "1"));
        AtomicFiles.writeDirectory(target, "manifest.json", "model", tmp -> Files.writeString(tmp.resolve("manifest.json"), "2"));
        assertEquals("2", Files.readString(target.resolve("manifest.json")));
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeDirectory(target, "manifest.json", "model", tmp -> {
            throw new IOException("no space");
        }));
        assertEquals("2", Files.readString(target.resolve("manifest.json")));
        assertEquals(List.of(target), list(dir));

        Path foreign = Files.createDirectories(dir.resolve("photos"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.writeDirectory(foreign, "manifest.json", "model", tmp -> { }));
        assertTrue(e.getMessage().contains("is not a model"), e.getMessage());
    }

    @Test
    void aReplaceInterruptedBetweenItsRenamesLeavesThePreviousVersionReadable(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model");
        AtomicFiles.writeDirectory(target, "manifest.json", "model", tmp -> Files.writeString(tmp.resolve("manifest.json"), "1"));
        assertEquals(target, AtomicFiles.readable(target));
        Files.move(target, dir.resolve("model.old")); // the process died after moving the current version aside
        assertEquals(dir.resolve("model.old").toAbsolutePath(), AtomicFiles.readable(target));
        AtomicFiles.writeDirectory(target, "manifest.json", "model", tmp -> Files.writeString(tmp.resolve("manifest.json"), "2"));
        assertEquals("2", Files.readString(AtomicFiles.readable(target).resolve("manifest.json")));
        assertEquals(List.of(target), list(dir), "the previous version is gone once the new one is in place");
    }

    @Test
    void temporariesOfDeadProcessesAreRemovedByTheNextWriteAndALiveOnesAreKept(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("checkpoint");
        Path dead = Files.createDirectories(dir.resolve("checkpoint.tmp-999999999-17")); // above any pid_max
        Files.writeString(dead.resolve("model.tensors"), "half written");
        Path live = Files.createDirectories(dir.resolve("checkpoint.tmp-" + ProcessHandle.current().pid() + "-18"));
        Path other = Files.createDirectories(dir.resolve("checkpoint.tmp-notapid"));
        AtomicFiles.writeDirectory(target, "manifest.json", "checkpoint", tmp -> Files.writeString(tmp.resolve("manifest.json"), "1"));
        assertFalse(Files.exists(dead), "a killed write's temporary is gone");
        assertTrue(Files.exists(live) && Files.exists(other), "a live process's temporary and foreign names stay");
    }

    @Test
    void aReplacedFileKeepsItsModeAndANewOneGetsTheDefault(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "made the usual way");
        Path fresh = dir.resolve("fresh.onnx");
        AtomicFiles.writeBytes(fresh, new byte[] {1, 2});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh), "umask default, not 0600");
        Set<PosixFilePermission> groupRead = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(fresh, groupRead);
        AtomicFiles.writeBytes(fresh, new byte[] {3});
        assertEquals(groupRead, Files.getPosixFilePermissions(fresh), "an overwrite keeps the file's mode");
    }

    @Test
    void deletesTreesAndIgnoresMissingPaths(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("tree");
        Files.createDirectories(root.resolve("x/y"));
        Files.writeString(root.resolve("x/y/f.txt"), "f");
        Files.writeString(root.resolve("g.txt"), "g");
        AtomicFiles.deleteRecursively(root);
        assertFalse(Files.exists(root));
        AtomicFiles.deleteRecursively(root);
        AtomicFiles.deleteQuietly(root);
        Path single = Files.writeString(dir.resolve("single.txt"), "s");
        AtomicFiles.deleteRecursively(single);
        assertFalse(Files.exists(single));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
