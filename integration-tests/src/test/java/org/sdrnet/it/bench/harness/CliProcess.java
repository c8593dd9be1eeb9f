package org.sdrnet.it.bench.harness;

import org.sdrnet.cli.SdrCli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the {@code sdr} CLI in a separate JVM (this JVM's java binary and class path, DJL offline, one PyTorch thread),
 * so a benchmark can kill it with SIGKILL as a crash or an impatient user would. Output goes to a log file.
 */
public final class CliProcess {
    private CliProcess() {
    }

    /** Starts {@code sdr ARGS…}, appending its stdout and stderr to {@code log}. */
    public static Process start(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx2g");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-DOPT_OUT_TRACKING=true");
        cmd.add("-Dai.djl.pytorch.num_threads=1");
        String cache = System.getProperty("ENGINE_CACHE_DIR");
        if (cache != null) {
            cmd.add("-DENGINE_CACHE_DIR=" + cache);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SdrCli.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    /** Runs {@code sdr ARGS…} to the end and returns its exit code. */
    public static int run(Path log, List<String> args) throws IOException, InterruptedException {
        return start(log, args).waitFor();
    }
}
