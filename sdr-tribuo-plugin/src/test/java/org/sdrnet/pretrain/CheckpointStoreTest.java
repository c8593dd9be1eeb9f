package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.ResNetBackbone;
import org.sdrnet.nn.Weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

    private static Manifest manifest(long step) {
        return new Manifest(CheckpointStore.FORMAT_VERSION, "unified", ResNetSpec.tiny(), Map.of("a", 1), 7L,
                new Manifest.DataInfo("pool", 10, "abc"), new Manifest.Progress(step, 100, 0, false), Map.of("engine", "x"));
    }

    @Test
    void roundTripsManifestAndTensorsAndReplacesAtomically(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("checkpoint");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("w", m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)));
            t.put("b", m.create(new float[] {-1}, new Shape(1)));
            CheckpointStore.write(ckpt, manifest(5), Map.of(CheckpointStore.MODEL, t));
            CheckpointStore.write(ckpt, manifest(9), Map.of(CheckpointStore.MODEL, t));
            Manifest back = CheckpointStore.manifest(ckpt);
            assertEquals(9, back.progress().globalStep());
            assertEquals(ResNetSpec.tiny(), back.backbone());
            Map<String, NDArray> read = CheckpointStore.tensors(ckpt, CheckpointStore.MODEL, m);
            assertEquals(List.of("w", "b"), List.copyOf(read.keySet()));
            assertEquals(new Shape(2, 3), read.get("w").getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.get("w").toFloatArray());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("checkpoint"), s.map(p -> p.getFileName().toString()).toList(), "no temporary or old directories left");
        }
    }

    @Test
    void interruptedReplaceFallsBackToThePreviousCheckpoint(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("checkpoint");
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointStore.write(ckpt, manifest(3), Map.of(CheckpointStore.MODEL, Map.of("w", m.ones(new Shape(2)))));
        }
        // a crash between "move current aside" and "move new into place"
        Files.move(ckpt, dir.resolve("checkpoint.old"));
        assertTrue(CheckpointStore.exists(ckpt));
        assertEquals(3, CheckpointStore.manifest(ckpt).progress().globalStep());
    }

    @Test
    void aTensorFileThatChangedAfterItWasWrittenIsRefused(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("checkpoint");
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointStore.write(ckpt, manifest(1), Map.of(CheckpointStore.MODEL, Map.of("w", m.ones(new Shape(300)))));
            assertEquals(Set.of(CheckpointStore.MODEL), CheckpointStore.manifest(ckpt).files().keySet());
            Path f = ckpt.resolve(CheckpointStore.MODEL);
            byte[] bytes = Files.readAllBytes(f);
            bytes[bytes.length - 2] ^= 0x40; // one exponent bit of the last weight: still a valid tensor file
            Files.write(f, bytes);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CheckpointStore.tensors(ckpt, CheckpointStore.MODEL, m));
            assertTrue(e.getMessage().contains(CheckpointStore.MODEL) && e.getMessage().contains("does not match the SHA-256"),
                    e.getMessage());
        }
    }

    @Test
    void truncatedOrForeignTensorFilesAndMissingManifestsAreNamedErrors(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("checkpoint");
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointStore.write(ckpt, manifest(1), Map.of(CheckpointStore.MODEL, Map.of("w", m.ones(new Shape(100)))));
            // a checkpoint from before the digests: the tensor file's own checks are what is left
            Path manifestFile = ckpt.resolve(CheckpointStore.MANIFEST);
            Files.writeString(manifestFile, Files.readString(manifestFile).replaceAll("(?s),\\s*\"files\"\\s*:\\s*\\{[^}]*\\}", ""));
            assertEquals(null, CheckpointStore.manifest(ckpt).files());
            Path f = ckpt.resolve(CheckpointStore.MODEL);
            byte[] bytes = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CheckpointStore.tensors(ckpt, CheckpointStore.MODEL, m));
            assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(CheckpointStore.MODEL), e.getMessage());
            Files.writeString(f, "not tensors at all");
            e = assertThrows(IllegalArgumentException.class, () -> CheckpointStore.tensors(ckpt, CheckpointStore.MODEL, m));
            assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointStore.manifest(empty));
        assertTrue(e.getMessage().contains("no manifest.json"), e.getMessage());
    }

    @Test
    void strictWeightLoadingNamesMissingUnexpectedAndMisshapenParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNetBackbone net = new ResNetBackbone(ResNetSpec.tiny());
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3, 32, 32));
            Map<String, NDArray> good = new LinkedHashMap<>();
            net.namedParameters().forEach((k, p) -> good.put(k, p.getArray().duplicate()));
            Weights.load(net.namedParameters(), good, "test");

            Map<String, NDArray> missing = new LinkedHashMap<>(good);
            missing.remove("stem.conv.weight");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Weights.load(net.namedParameters(), missing, "ckpt-a"));
            assertTrue(e.getMessage().contains("missing [stem.conv.weight]") && e.getMessage().contains("ckpt-a"), e.getMessage());

            Map<String, NDArray> extra = new LinkedHashMap<>(good);
            extra.put("head.weight", m.ones(new Shape(1)));
            e = assertThrows(IllegalArgumentException.class, () -> Weights.load(net.namedParameters(), extra, "ckpt-b"));
            assertTrue(e.getMessage().contains("unexpected [head.weight]"), e.getMessage());

            Map<String, NDArray> shape = new LinkedHashMap<>(good);
            shape.put("stem.bn.gamma", m.ones(new Shape(17)));
            e = assertThrows(IllegalArgumentException.class, () -> Weights.load(net.namedParameters(), shape, "ckpt-c"));
            assertTrue(e.getMessage().contains("stem.bn.gamma") && e.getMessage().contains("(17)"), e.getMessage());
        }
    }
}
