package org.sdrnet.it;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DataCatalog;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Preset;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.LoopSettings;
import org.sdrnet.pretrain.Manifest;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.Services;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on tiny real subsets: catalog pool → unified pretraining → checkpoint → frozen-feature evaluation. */
class PretrainEvalIT {

    @Test
    void pretrainsOnARealPoolAndEvaluatesOnARealTask(@TempDir Path run) {
        DataCatalog catalog = DataCatalog.defaults();
        ImageSet pool = catalog.mixedPool(List.of("P1", "P2"), Preset.TINY, 3);
        LoopSettings loop = LoopSettings.defaults().withEpochs(2).withBatchSize(64).withProgress(false).withSeed(3);
        TrainingLoop.Summary s = Services.find(PretrainMethod.class, "unified")
                .pretrain(new PretrainMethod.Request(pool, BackboneSpec.tiny(), loop, run, false, Device.cpu()));
        assertTrue(s.finished());
        assertEquals(2L * (pool.size() / 64), s.globalStep());

        Manifest m = CheckpointStore.manifest(run.resolve(TrainingLoop.CHECKPOINT_DIR));
        assertEquals("unified", m.method());
        assertEquals(pool.fingerprint(), m.data().fingerprint());
        assertTrue(m.progress().finished());

        Backbone backbone = CheckpointStore.backbone(run.resolve(TrainingLoop.CHECKPOINT_DIR));
        DownstreamTask d5 = catalog.task("D5", Preset.TINY, 3);
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(backbone, Device.cpu())) {
            TaskEvaluation e = new FeatureEvaluator(fx::features, FeatureEvaluator.Protocol.defaults()).evaluate(d5);
            // ten digit classes: even a barely trained backbone separates them far above chance (10%)
            assertTrue(e.accuracy().get("knn") > 0.5, "kNN " + e.accuracy());
            assertTrue(e.accuracy().get("linear") > 0.5, "linear " + e.accuracy());
        }
    }
}
