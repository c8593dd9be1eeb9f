package org.sdrnet.tribuo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sdrnet.data.ImageSet;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdrTrainerTest {
    private static final LabelFactory LABELS = new LabelFactory();
    private static SdrFeatureExtractor extractor;

    @BeforeAll
    static void open() {
        extractor = SdrFeatureExtractor.of(Fixtures.backbone(), "cpu", 128);
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    private static double trainAndScore(Trainer<Label> trainer) {
        SdrModel<Label> model = new SdrTrainer<>(trainer, LABELS, extractor).train(Fixtures.train());
        List<Prediction<Label>> predictions = model.predict(Fixtures.test());
        assertEquals(Fixtures.test().size(), predictions.size());
        double acc = Fixtures.accuracy(predictions, Fixtures.test());
        System.out.printf("%s: accuracy %.3f%n", trainer.getClass().getSimpleName(), acc);
        return acc;
    }

    @Test
    void logisticRegressionIsWellAboveChance() {
        // Tribuo's default logistic regression (AdaGrad, 5 epochs) underfits 300 examples; 20 epochs converge
        Trainer<Label> lr = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), 20, 1000, 1, 1L);
        assertTrue(trainAndScore(lr) > Fixtures.WELL_ABOVE_CHANCE);
    }

    @Test
    void xgboostIsWellAboveChance() {
        assertTrue(trainAndScore(new XGBoostClassificationTrainer(20)) > Fixtures.WELL_ABOVE_CHANCE);
    }

    @Test
    void liblinearIsWellAboveChance() {
        assertTrue(trainAndScore(new LibLinearClassificationTrainer()) > Fixtures.WELL_ABOVE_CHANCE);
    }

    @Test
    void knnIsWellAboveChance() {
        KNNTrainer<Label> knn = new KNNTrainer<>(5, new L2Distance(), 1, new VotingCombiner(),
                KNNModel.Backend.STREAMS, NeighboursQueryFactoryType.BRUTE_FORCE);
        assertTrue(trainAndScore(knn) > Fixtures.WELL_ABOVE_CHANCE);
    }

    @Test
    void aBackboneChooserSeesTheTrainingSetAndItsExtractorBelongsToTheModel() {
        AtomicReference<ImageSet> seen = new AtomicReference<>();
        AtomicReference<SdrFeatureExtractor> chosen = new AtomicReference<>();
        SdrTrainer<Label> trainer = SdrTrainer.choosing(new LibLinearClassificationTrainer(), LABELS, images -> {
            seen.set(images);
            chosen.set(SdrFeatureExtractor.of(Fixtures.backbone(), "cpu", 64));
            return chosen.get();
        });
        ImageSet train = Fixtures.perClass(Fixtures.train(), 5, "routing-input");
        SdrModel<Label> model = trainer.train(train);
        assertSame(train, seen.get());
        assertSame(chosen.get(), model.extractor());
        assertEquals(Fixtures.test().head(4).size(), model.predict(Fixtures.test().head(4)).size());
        model.close();
        SdrFeatureExtractorTest.assertMessage(() -> chosen.get().features(train), "is closed");
    }

    @Test
    void badTrainingInputFailsClearly() {
        SdrTrainer<Label> trainer = new SdrTrainer<>(new LibLinearClassificationTrainer(), LABELS, extractor);
        ImageSet empty = Fixtures.train().subset("no-images", new int[0]);
        SdrFeatureExtractorTest.assertMessage(() -> trainer.train(empty), "no-images", "is empty");
        ImageSet unlabeled = Fixtures.train().head(10).withoutLabels();
        SdrFeatureExtractorTest.assertMessage(() -> trainer.train(unlabeled), "is unlabeled");
        ImageSet wrongSize = ImageSet.labeled("digits-28px", 1, 28, new byte[2 * 28 * 28], new int[] {0, 1}, List.of("a", "b"));
        SdrFeatureExtractorTest.assertMessage(() -> trainer.train(wrongSize), "digits-28px", "expects 32 px");
        SdrTrainer<Label> noChoice = SdrTrainer.choosing(new LibLinearClassificationTrainer(), LABELS, images -> null);
        SdrFeatureExtractorTest.assertMessage(() -> noChoice.train(Fixtures.train().head(10)), "returned no extractor");
    }

    @Test
    void aModelRefusesABackboneOfAnotherWidth() {
        SdrModel<Label> model = new SdrTrainer<>(new LibLinearClassificationTrainer(), LABELS, extractor)
                .train(Fixtures.perClass(Fixtures.train(), 3, "few"));
        try (SdrFeatureExtractor narrow = new SdrFeatureExtractor(new BlockMeanFeatures.Blocks(8, java.nio.file.Path.of("x")), "16 block means")) {
            SdrFeatureExtractorTest.assertMessage(() -> new SdrModel<>(narrow, model.innerModel(), LABELS, false),
                    "16 block means", "does not make");
        }
    }
}
