package org.sdrnet.pretrain;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.util.Locale;

/** A terminal progress bar with rate and ETA, and the last logged loss and throughput. */
final class ProgressListener implements TrainingListener {
    private ProgressBar bar;

    @Override
    public void onStart(RunStart run) {
        bar = new ProgressBarBuilder().setTaskName(run.label()).setInitialMax(run.totalSteps())
                .startsFrom(run.startStep(), Duration.ZERO).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                .continuousUpdate().build();
    }

    @Override
    public void onStep(StepEnd step) {
        if (step.logged()) {
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f  %.0f img/s", step.loss(), step.imagesPerSecond()));
        }
        bar.stepTo(step.stepsDone());
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
