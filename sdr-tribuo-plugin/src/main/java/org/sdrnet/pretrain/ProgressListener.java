package org.sdrnet.pretrain;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a run that fits where it goes: on a terminal, a bar with rate and ETA and the last logged loss and
 * throughput, redrawn in place; in a log (CI, {@code nohup}, a pipe) one line every {@value #LINE_EVERY_PERCENT} % of the
 * steps instead of thousands of carriage returns.
 */
final class ProgressListener implements TrainingListener {
    static final int LINE_EVERY_PERCENT = 5;

    private final boolean terminal;
    private final PrintStream log;
    private ProgressBar bar;
    private RunStart run;
    private long startNanos;
    private int lastBucket;
    private float loss;
    private boolean lossLogged;

    /** A bar on a terminal (stdin/stdout attached to a console), lines on standard error otherwise. */
    ProgressListener() {
        this(System.console() != null, System.err);
    }

    ProgressListener(boolean terminal, PrintStream log) {
        this.terminal = terminal;
        this.log = log;
    }

    @Override
    public void onStart(RunStart run) {
        this.run = run;
        this.startNanos = System.nanoTime();
        this.lastBucket = bucket(run.startStep());
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(run.label()).setInitialMax(run.totalSteps())
                    .startsFrom(run.startStep(), Duration.ZERO).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                    .continuousUpdate().build();
        }
    }

    @Override
    public void onStep(StepEnd step) {
        if (step.logged()) {
            loss = step.loss();
            lossLogged = true;
        }
        if (terminal) {
            if (step.logged()) {
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f  %.0f img/s", step.loss(), step.imagesPerSecond()));
            }
            bar.stepTo(step.stepsDone());
            return;
        }
        int b = bucket(step.stepsDone());
        if (b > lastBucket || step.last()) {
            lastBucket = b;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long done = step.stepsDone() - run.startStep();
            long left = run.endStep() - step.stepsDone();
            long eta = done > 0 ? Math.round(seconds * left / done) : 0;
            // the loss is read from the device only on logged steps: before the first one there is none to show
            String lossText = lossLogged ? String.format(Locale.ROOT, "%.4f", loss) : "not logged yet";
            log.printf(Locale.ROOT, "%s: %3d%% (%d/%d steps), loss %s, %.0f img/s, %s elapsed, %s left%n", run.label(),
                    100 * step.stepsDone() / run.totalSteps(), step.stepsDone(), run.totalSteps(), lossText, step.imagesPerSecond(),
                    clock(Math.round(seconds)), clock(eta));
        }
    }

    private int bucket(long steps) {
        return (int) (100 * steps / run.totalSteps() / LINE_EVERY_PERCENT);
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
