package org.sdrnet.cli;

import org.sdrnet.data.DataException;
import org.sdrnet.runtime.OnnxModelException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.UncheckedIOException;

/**
 * The {@code sdr} command line: {@code data}, {@code pretrain}, {@code route}, {@code export}, {@code embed},
 * {@code eval}, {@code train}, {@code predict}, {@code demo}. Errors a user can act on (bad input, missing data, mismatched checkpoints) print one clear line and exit with code 2.
 */
@Command(name = "sdr", mixinStandardHelpOptions = true, versionProvider = SdrCli.Version.class,
        description = "Task-customised self-supervised pretraining for Tribuo (SDR, DSPNet, TEC, t-ReX).",
        subcommands = {DataCommand.class, PretrainCommand.class, RouteCommand.class, ExportCommand.class, EmbedCommand.class,
                EvalCommand.class, TrainCommand.class, PredictCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class SdrCli {
    /** Tribuo logs every k-means and SGD iteration at INFO (java.util.logging): kept quiet in the terminal. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        CommandLine cli = new CommandLine(new SdrCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof DataException || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof UncheckedIOException || ex instanceof OnnxModelException) {
                cmd.getErr().println("sdr " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /** Version of the library and its engine pins. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sdr-tribuo " + org.sdrnet.io.Versions.library()
                    + " (Tribuo 4.3.2, DJL 0.35.1 / PyTorch, ONNX Runtime 1.28.0)"};
        }
    }
}
