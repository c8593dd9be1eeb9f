package org.sdrnet.it.bench.harness;

import org.sdrnet.pretrain.dspnet.WidthSchedule;

import java.util.List;

/**
 * What one pretraining run cost, counted the same way for a DSPNet run and a plain run: <b>image-views</b> through a
 * backbone (one augmented view of one image through one network, at any width; a teacher's forward pass counts), the
 * same views <b>weighted by w²</b> (a width-w network does about w² of the full width's multiply-adds, since both a
 * convolution's inputs and outputs shrink: an estimate in full-width views, not a measurement [our choice]), and the
 * training seconds from the run's log.
 * <p>
 * A DSPNet step of batch B runs the EMA teacher at full width and the online network at each active width (full,
 * smallest and one random width: {@link WidthSchedule}), each on both views: 2B·(1 + |active|) image-views. A plain
 * SimSiam step runs one network on both views: 2B.
 *
 * @param run             the run's name
 * @param width           the width multiplier of a plain run; 0 for a DSPNet run (it trains all widths)
 * @param steps           optimizer steps
 * @param imageViews      image-views through any backbone
 * @param weightedViews   image-views weighted by w² (full-width equivalents)
 * @param trainingSeconds training time from the run's log, over every invocation ({@link TrainLog#trainingSeconds})
 */
public record TrainingCost(String run, double width, long steps, long imageViews, double weightedViews, double trainingSeconds) {

    /** A plain run of width {@code width}. */
    public static TrainingCost plain(Pretraining.Outcome o, double width, int batchSize) {
        long views = 2L * batchSize * o.steps();
        return new TrainingCost(o.run(), width, o.steps(), views, views * width * width, o.trainingSeconds());
    }

    /** A DSPNet run with {@code widths}, whose loop seed was {@code seed} (the width schedule is a function of both). */
    public static TrainingCost dspnet(Pretraining.Outcome o, double[] widths, long seed, int batchSize) {
        WidthSchedule schedule = new WidthSchedule(widths, seed);
        long views = 0;
        double weighted = 0;
        for (long step = 0; step < o.steps(); step++) {
            List<Double> active = schedule.activeAt(step);
            views += 2L * batchSize * (1 + active.size());
            double sq = 1; // the teacher, full width
            for (double w : active) {
                sq += w * w;
            }
            weighted += 2.0 * batchSize * sq;
        }
        return new TrainingCost(o.run(), 0, o.steps(), views, weighted, o.trainingSeconds());
    }

    /** The sum of several runs' costs, named {@code name}. */
    public static TrainingCost total(String name, List<TrainingCost> costs) {
        return new TrainingCost(name, 0, costs.stream().mapToLong(TrainingCost::steps).sum(),
                costs.stream().mapToLong(TrainingCost::imageViews).sum(), costs.stream().mapToDouble(TrainingCost::weightedViews).sum(),
                costs.stream().mapToDouble(TrainingCost::trainingSeconds).sum());
    }
}
