package org.sdrnet.route;

import ai.djl.Device;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrMethod;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.pretrain.sdr.SdrSettings;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;
import org.sdrnet.pretrain.simsiam.UnifiedMethod;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One micro SDR run (G = 2, 16 paths, one epoch per level, the settings of SdrMethodTest) and one micro unified run on a
 * tiny real MNIST + Fashion pool, trained once per test JVM into a temporary directory shared by the routing tests, plus
 * the tiny D1 task. The directory is deleted when the JVM exits.
 */
final class TinyRouting {
    static final ResNetSpec NET = new ResNetSpec("micro", 3, 32, new int[] {8, 16, 16, 32},
            new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});
    private static final SdrSettings SDR = SdrSettings.defaults().withGroups(2).withLevelEpochs(1, 1, 1, 1, 1)
            .withMinClusterSize(8).withHeads(new SimSiamSettings(64, 32, 16));

    private static Path root;

    private TinyRouting() {
    }

    /** The shared directory, trained on first use: {@code sdr/} (the SDR run) and {@code unified/} (a unified run). */
    static synchronized Path root() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("sdr-route-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                ImageSet pool = pool();
                LoopSettings loop = LoopSettings.defaults().withBatchSize(50).withWarmupEpochs(0).withProgress(false)
                        .withSeed(9).withLogEvery(100).withCheckpointEvery(1000);
                new SdrMethod(SDR).pretrain(new PretrainMethod.Request(pool, NET, loop, dir.resolve("sdr"), false, Device.cpu()));
                new UnifiedMethod(new SimSiamSettings(64, 32, 16)).pretrain(new PretrainMethod.Request(pool, NET,
                        loop.withEpochs(1), dir.resolve("unified"), false, Device.cpu()));
                root = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** The pool both runs were trained on, loaded as {@code sdr pretrain --pool P1,P2 --preset tiny --seed 9} loads it. */
    static ImageSet pool() {
        return DataCatalog.defaults().mixedPool(List.of("P1", "P2"), Preset.TINY, 9);
    }

    static Path sdrDir() {
        return root().resolve("sdr");
    }

    /** The unified run's checkpoint directory. */
    static Path unifiedCheckpoint() {
        return root().resolve("unified").resolve(TrainingLoop.CHECKPOINT_DIR);
    }

    static SdrRun run() {
        return SdrRun.open(sdrDir());
    }

    /** D1 (MNIST digits) at the tiny preset: 20 training images per class. */
    static DownstreamTask d1() {
        return DataCatalog.defaults().task("D1", Preset.TINY, 42);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
