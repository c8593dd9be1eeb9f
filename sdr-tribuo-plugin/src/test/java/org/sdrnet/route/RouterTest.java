package org.sdrnet.route;

import ai.djl.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.sdr.ClusterTree;
import org.sdrnet.pretrain.sdr.SdrRun;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing on a micro SDR run and the tiny D1 task: the prior, the scores, the choice, determinism, and no test data. */
class RouterTest {
    private static SdrRun run;
    private static Backbone unified;
    private static ImageSet train;

    @BeforeAll
    static void trainOnce() {
        run = TinyRouting.run();
        unified = CheckpointStore.backbone(TinyRouting.unifiedCheckpoint());
        train = TinyRouting.d1().splits().get(0).train();
    }

    private static Router router(String score, int m, long seed) {
        return new Router(new RoutingSettings(score, m, seed, Device.cpu()));
    }

    @Test
    void theTestSplitIsNeverUsed() {
        // A task whose test images are 8 px: any network would reject them, so touching them would throw.
        ImageSet poison = ImageSet.labeled("poison-test", 1, 8, new byte[10 * 64], new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                train.classNames());
        DownstreamTask task = DownstreamTask.single("D1-poisoned", "test split must not be touched", train, poison);
        // The router's only image parameter is the training set; there is no way to hand it the task or the test split.
        RoutingOutcome out = router("knn", 3, 1).route(task.id(), run, unified, task.splits().get(0).train());
        RoutingReport r = out.report();
        assertEquals(4, r.candidates().size(), "3 leaves + unified");
        assertEquals((long) (r.candidates().size() + 1) * train.size(), r.imagesProcessed(),
                "level 0 plus each candidate saw the training images once, nothing else");
        assertEquals(train.fingerprint(), r.trainFingerprint());
        assertNotEquals(poison.fingerprint(), r.trainFingerprint());
        assertEquals(train.size(), r.trainImages());
    }

    @Test
    void batchNormRecalibrationScoresEachSubnetWithItsOwnClustersStatistics() {
        ImageSet pool = TinyRouting.pool();
        Router recal = new Router(new RoutingSettings("knn", 2, 1, Device.cpu()).withRecalibratedBn(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> recal.route("D1", run, unified, train));
        assertTrue(e.getMessage().contains("needs the pool"), e.getMessage());
        ImageSet foreign = pool.subset("half", IntStream.range(0, pool.size() / 2).toArray());
        e = assertThrows(IllegalArgumentException.class, () -> recal.route("D1", run, unified, train, foreign));
        assertTrue(e.getMessage().contains("'half'") && e.getMessage().contains("is not the pool"), e.getMessage());

        RoutingOutcome plain = router("knn", 2, 1).route("D1", run, unified, train, pool);
        RoutingOutcome out = recal.route("D1", run, unified, train, pool);
        assertTrue(out.report().recalibratedBn() && !plain.report().recalibratedBn());
        assertEquals(plain.report().candidates().stream().map(RoutingReport.Candidate::name).toList(),
                out.report().candidates().stream().map(RoutingReport.Candidate::name).toList(), "same shortlist");
        Backbone chosen = out.chosenBackbone();
        assertTrue(chosen.provenance().get("bnRecalibration").contains(" images, "), chosen.provenance().toString());
        Backbone trained = out.report().chosen().isUnified() ? unified : run.subnet(out.report().chosen().pathArray());
        String mean = chosen.weights().keySet().stream().filter(k -> k.endsWith(".runningMean")).findFirst().orElseThrow();
        assertFalse(Arrays.equals(trained.weights().get(mean).values(), chosen.weights().get(mean).values()),
                "running statistics re-estimated");
        String weight = chosen.weights().keySet().stream().filter(k -> k.endsWith("conv.weight")).findFirst().orElseThrow();
        assertArrayEquals(trained.weights().get(weight).values(), chosen.weights().get(weight).values(), "weights kept");
        // a leaf smaller than the minimum takes its nearest ancestor with enough images (the whole pool at the latest)
        int[] path = out.report().candidates().get(0).pathArray();
        ImageSet cluster = run.clusterImages(path, pool, Router.MIN_CLUSTER_IMAGES);
        assertTrue(cluster.size() >= Math.min(Router.MIN_CLUSTER_IMAGES, pool.size()), cluster.name() + ": " + cluster.size());
        ImageSet leafOnly = run.clusterImages(path, pool, 1);
        assertEquals(run.tree().memberCount(run.tree().treePath(path)), leafOnly.size(), leafOnly.name());
    }

    @Test
    void theShortlistHoldsTheMostVotedLeavesAndItsSizeIsHonoured() {
        ClusterTree tree = run.tree();
        int[] votes = new int[tree.numLeaves()];
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(run.level0(), Device.cpu())) {
            for (float[] row : fx.features(train)) {
                votes[tree.leafIdOf(row)]++;
            }
        }
        RoutingReport three = router("knn", 3, 1).route("D1", run, null, train).report();
        assertEquals(3, three.candidates().size());
        assertTrue(three.unified().isEmpty(), "no unified model given, none scored");
        int previous = Integer.MAX_VALUE;
        for (RoutingReport.Candidate c : three.candidates()) {
            assertEquals(votes[c.leafId()], c.votes(), c.name());
            assertEquals(tree.leafSizes()[c.leafId()], c.poolImages(), c.name());
            assertTrue(c.votes() <= previous, "sorted by votes");
            previous = c.votes();
        }
        int[] sorted = Arrays.stream(votes).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
        assertEquals(sorted[0], three.candidates().get(0).votes(), "the most-voted leaf comes first");
        assertEquals(sorted[2], three.candidates().get(2).votes());
        assertEquals((3 + 1) * (long) train.size(), three.imagesProcessed());

        RoutingReport all = router("knn", 0, 1).route("D1", run, unified, train).report();
        assertEquals(tree.numNonEmptyLeaves() + 1, all.candidates().size(), "M = 0 scores every non-empty leaf + unified");
        assertEquals(train.size(), all.candidates().stream().filter(c -> !c.isUnified()).mapToInt(RoutingReport.Candidate::votes).sum(),
                "every training image voted once");
        assertEquals(all.candidates().size() - 1, router("knn", 1000, 1).route("D1", run, unified, train).report()
                .candidates().size() - 1, "M beyond the non-empty leaves also scores them all");
    }

    @Test
    void sameSeedGivesTheSameReportApartFromTimings() {
        RoutingOutcome a = router("logme", 4, 5).route("D1", run, unified, train);
        RoutingOutcome b = router("logme", 4, 5).route("D1", run, unified, train);
        assertEquals(a.report().withoutTimings(), b.report().withoutTimings());
        assertEquals(a.chosenBackbone().spec(), b.chosenBackbone().spec());
        assertTrue(a.report().totalSeconds() > 0 && a.report().candidates().stream().allMatch(c -> c.seconds() > 0));
    }

    @Test
    void candidatesGetTheirOwnScoresAndTheBestOneIsChosenWithRoutingProvenance() {
        RoutingOutcome out = router("knn", 2, 3).route("D1", run, unified, train);
        RoutingReport r = out.report();
        KnnScore knn = new KnnScore();
        for (RoutingReport.Candidate c : r.candidates()) {
            Backbone b = c.isUnified() ? unified : run.subnet(c.pathArray());
            try (DjlFeatureExtractor fx = new DjlFeatureExtractor(b, Device.cpu())) {
                assertEquals(knn.score(fx.features(train), train.labels(), train.numClasses(), 3), c.score(), 0.0, c.name());
            }
        }
        double best = r.candidates().stream().mapToDouble(RoutingReport.Candidate::score).max().orElseThrow();
        assertEquals(best, r.chosen().score());

        Backbone chosen = out.chosenBackbone();
        assertEquals(r.choice(), chosen.provenance().get("routing.choice"));
        assertEquals("knn", chosen.provenance().get("routing.score"));
        assertEquals(r.summary(), chosen.provenance().entrySet().stream().filter(e -> e.getKey().startsWith("routing."))
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)));
        Backbone expected = r.chosen().isUnified() ? unified : run.subnet(r.chosen().pathArray());
        assertEquals(expected.weights().keySet(), chosen.weights().keySet());
        for (String k : expected.weights().keySet()) {
            assertArrayEquals(expected.weights().get(k).values(), chosen.weights().get(k).values(), k);
        }
        if (!r.chosen().isUnified()) {
            assertEquals(Arrays.toString(r.chosen().pathArray()), chosen.provenance().get("path"), "the sub-net's own provenance is kept");
        }
    }

    @Test
    void tiesGoToTheUnifiedModelThenToTheLowerLeafAndNaNNeverWins() {
        RoutingReport.Candidate leaf5 = RoutingReport.Candidate.leaf(5, new int[] {0, 1, 0, 1}, 3, 10, 0.5, 0);
        RoutingReport.Candidate leaf2 = RoutingReport.Candidate.leaf(2, new int[] {0, 0, 1, 0}, 1, 10, 0.5, 0);
        RoutingReport.Candidate uni = RoutingReport.Candidate.unified(0.5, 0);
        RoutingReport.Candidate nan = RoutingReport.Candidate.leaf(1, new int[] {0, 0, 0, 1}, 9, 10, Double.NaN, 0);
        assertEquals("unified", Router.choose(List.of(leaf5, leaf2, uni)).name());
        assertEquals("leaf 0-0-1-0", Router.choose(List.of(leaf5, leaf2)).name());
        assertEquals("leaf 0-1-0-1", Router.choose(List.of(nan, leaf5)).name());
        RoutingReport.Candidate better = RoutingReport.Candidate.leaf(7, new int[] {0, 1, 1, 1}, 0, 10, 0.51, 0);
        assertEquals("leaf 0-1-1-1", Router.choose(List.of(uni, leaf2, better)).name());
    }

    @Test
    void withAMarginASubnetMustBeatTheUnifiedModelByThatMuch() {
        RoutingReport.Candidate uni = RoutingReport.Candidate.unified(0.80, 0);
        RoutingReport.Candidate close = RoutingReport.Candidate.leaf(5, new int[] {0, 1, 0, 1}, 3, 10, 0.805, 0);
        RoutingReport.Candidate clear = RoutingReport.Candidate.leaf(2, new int[] {0, 0, 1, 0}, 1, 10, 0.82, 0);
        assertEquals("leaf 0-1-0-1", Router.choose(List.of(close, uni), 0).name());
        assertEquals("unified", Router.choose(List.of(close, uni), 0.01).name());
        assertEquals("leaf 0-0-1-0", Router.choose(List.of(close, clear, uni), 0.01).name());
        assertEquals("leaf 0-1-0-1", Router.choose(List.of(close), 0.01).name(), "no unified model: nothing to keep");
        RoutingReport.Candidate unscored = RoutingReport.Candidate.unified(Double.NaN, 0);
        assertEquals("leaf 0-1-0-1", Router.choose(List.of(close, unscored), 0.01).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoutingSettings.defaults().withMargin(Double.NaN));
        assertTrue(e.getMessage().contains("margin"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withShortlist(-3));
        assertTrue(e.getMessage().contains("shortlist must be >= 0"), e.getMessage());
    }

    @Test
    void withFoldScoresTheMarginIsComparedWithThePairedGainLessOneStandardError() {
        double[] u = {0.80, 0.70, 0.90, 0.75, 0.85};
        RoutingReport.Candidate uni = RoutingReport.Candidate.unified(0.80, u, 0);
        // +0.02 on every fold: the gain is certain, its standard error 0, so a margin of 0.02 is met
        RoutingReport.Candidate steady = RoutingReport.Candidate.leaf(1, new int[] {0, 0, 0, 1}, 3, 10, 0.82,
                new double[] {0.82, 0.72, 0.92, 0.77, 0.87}, 0);
        // the same mean gain (+0.02), but the folds disagree: +0.10, −0.06, +0.10, −0.06, +0.02
        RoutingReport.Candidate erratic = RoutingReport.Candidate.leaf(2, new int[] {0, 0, 1, 0}, 3, 10, 0.82,
                new double[] {0.90, 0.64, 1.00, 0.69, 0.87}, 0);
        assertEquals(0.02, Router.gain(steady, uni), 1e-12);
        // deviations ±0.08 (four) and 0: variance 0.0256 / 4, standard error sqrt(0.0064 / 5) = 0.0358
        assertEquals(0.02 - Math.sqrt(0.0256 / 4 / 5), Router.gain(erratic, uni), 1e-12);
        assertEquals("leaf 0-0-0-1", Router.choose(List.of(steady, uni), 0.02 - 1e-9).name());
        assertEquals("unified", Router.choose(List.of(erratic, uni), 0.005).name());
        assertEquals("leaf 0-0-1-0", Router.choose(List.of(erratic, uni), 0).name(), "no margin: the higher score wins");
        // fold counts that differ fall back to the score difference
        RoutingReport.Candidate threeFolds = RoutingReport.Candidate.leaf(3, new int[] {0, 0, 1, 1}, 3, 10, 0.82,
                new double[] {0.9, 0.64, 1.0}, 0);
        assertEquals(0.82 - 0.80, Router.gain(threeFolds, uni), 1e-12);
    }

    @Test
    void badInputIsRejectedBeforeAnyWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Router(RoutingSettings.defaults().withScore("hscore")));
        assertTrue(e.getMessage().contains("'hscore'") && e.getMessage().contains("available: ") && e.getMessage().contains("knn, linear, linear-cv, logme"), e.getMessage());
        Router router = Router.defaults();
        e = assertThrows(IllegalArgumentException.class, () -> router.route("D1", run, null, train.withoutLabels()));
        assertTrue(e.getMessage().contains("must be labeled"), e.getMessage());
        ImageSet oneClass = train.subset("zeros", IntStream.range(0, train.size())
                .filter(i -> train.label(i) == 0).toArray());
        e = assertThrows(IllegalArgumentException.class, () -> router.route("D1", run, null, oneClass));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        ImageSet twoImages = train.subset("two images", new int[] {firstOf(0), firstOf(1)});
        e = assertThrows(IllegalArgumentException.class, () -> router.route("D1", run, null, twoImages));
        assertTrue(e.getMessage().contains("class '" + train.classNames().get(0) + "' has 1 training image")
                && e.getMessage().contains("at least 2 per class"), e.getMessage());
        ImageSet small = ImageSet.labeled("8px", 1, 8, new byte[4 * 64], new int[] {0, 1, 0, 1}, List.of("a", "b"));
        e = assertThrows(IllegalArgumentException.class, () -> router.route("D1", run, null, small));
        assertTrue(e.getMessage().contains("8 px") && e.getMessage().contains("32 px"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private static int firstOf(int label) {
        return IntStream.range(0, train.size()).filter(i -> train.label(i) == label).findFirst().orElseThrow();
    }
}
