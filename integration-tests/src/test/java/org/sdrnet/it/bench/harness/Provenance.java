package org.sdrnet.it.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from: the code (git commit, and whether the working tree had uncommitted changes), the machine
 * (cores, CPU model, memory), the JVM, and how it was called. Facts that cannot be found are recorded as
 * {@code "unknown"}, never guessed.
 */
public final class Provenance {
    static final String UNKNOWN = "unknown";

    private Provenance() {
    }

    /** Code, machine and JVM facts of this process. */
    public static Map<String, Object> collect() {
        Map<String, Object> m = new LinkedHashMap<>();
        String commit = git("rev-parse", "HEAD");
        m.put("gitCommit", commit);
        if (!UNKNOWN.equals(commit)) {
            String status = git("status", "--porcelain", "--untracked-files=no");
            m.put("gitUncommittedChanges", UNKNOWN.equals(status) ? UNKNOWN : !status.isEmpty());
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", cpuModel(Path.of("/proc/cpuinfo")));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        m.put("machine", machine);
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", System.getProperty("java.version"));
        java.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        java.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("java", java);
        m.put("pytorchThreads", System.getProperty("ai.djl.pytorch.num_threads", "engine default"));
        m.put("startedAt", Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString());
        return m;
    }

    /** The {@code model name} of the first processor in a {@code /proc/cpuinfo}-style file, or {@code unknown}. */
    static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? UNKNOWN : line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    /** The trimmed output of a git command run in the working directory, or {@code unknown} when git fails. */
    private static String git(String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return UNKNOWN;
            }
            return out;
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }
}
