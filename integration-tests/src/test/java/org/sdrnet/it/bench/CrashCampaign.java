package org.sdrnet.it.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;
import org.sdrnet.io.Sha256;
import org.sdrnet.it.bench.harness.CliProcess;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.Manifest;
import org.sdrnet.pretrain.TrainingLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Issue 15's kill-9 campaign: pretraining runs (unified and SDR, small real pools) are killed with SIGKILL at random
 * moments, some while a checkpoint is being written and some right as a log line is appended, then resumed with
 * {@code --resume} until they finish. Each trial passes when the finished run's files are bit-identical to an
 * uninterrupted run of the same command, no temporary or {@code .old} directory is left anywhere in the run, and every
 * checkpoint loads with its manifest's SHA-256 digests verified. Results: {@code OUT/crash.md} and {@code OUT/crash.json}.
 * <p>
 * Usage: {@code scripts/bench crash OUT_DIR [--kills N] [--seed S]} (default 24 kills, seed 1; about 20 minutes on two
 * cores). Every run uses one PyTorch thread. The reference runs are kept in {@code OUT/ref-METHOD} and reused.
 */
public final class CrashCampaign {
    static final String USAGE = "usage: scripts/bench crash OUT_DIR [--kills N] [--seed S]";

    /** Where in the run the kill landed, judged from what it left on disk. */
    enum Moment { TRAINING, CHECKPOINT_WRITE, LOG_WRITE, NOT_KILLED }

    /** How a trial picks its kill moment. */
    enum Mode { RANDOM, AT_CHECKPOINT_WRITE, AFTER_LOG_APPEND, TWICE }

    record Config(String method, List<String> args) {
    }

    record Trial(int trial, String method, String mode, List<Double> killSeconds, List<String> killedDuring, int resumes,
                 boolean identical, List<String> leftovers, int tensorFilesVerified, String problem) {
        boolean passed() {
            return identical && leftovers.isEmpty() && problem == null;
        }
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("unified", List.of("--method", "unified", "--pool", "P1", "--preset", "tiny", "--epochs", "3",
                    "--batch", "50", "--checkpoint-every", "3", "--seed", "11")),
            new Config("sdr", List.of("--method", "sdr", "--pool", "P1,P2", "--preset", "tiny", "--epochs", "5",
                    "--batch", "50", "--checkpoint-every", "3", "--seed", "11", "-o", "groups=2",
                    "-o", "levelEpochs=1,1,1,1,1", "-o", "minClusterSize=8")));
    private static final List<String> COMMON = List.of("--backbone", "tiny", "--no-progress", "--device", "cpu");

    private CrashCampaign() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        int kills = 24;
        long seed = 1;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                fail(args[i] + " needs a value; " + USAGE);
            }
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> fail("unknown option " + args[i] + "; " + USAGE);
            }
        }
        Files.createDirectories(out);
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Map<String, String>> reference = new TreeMap<>();
        Map<String, Double> seconds = new TreeMap<>();
        for (Config c : CONFIGS) {
            Path ref = out.resolve("ref-" + c.method());
            long t0 = System.nanoTime();
            if (!Files.isRegularFile(out.resolve("ref-" + c.method() + ".seconds"))) {
                AtomicFiles.deleteRecursively(ref);
                int code = CliProcess.run(out.resolve("ref-" + c.method() + ".log"), command(c, ref, false));
                if (code != 0) {
                    fail("the uninterrupted " + c.method() + " run failed (exit " + code + "); see " + out.resolve("ref-" + c.method() + ".log"));
                }
                AtomicFiles.writeString(out.resolve("ref-" + c.method() + ".seconds"), String.valueOf((System.nanoTime() - t0) / 1e9));
            }
            seconds.put(c.method(), Double.parseDouble(Files.readString(out.resolve("ref-" + c.method() + ".seconds")).trim()));
            reference.put(c.method(), digests(ref));
            System.err.printf(Locale.ROOT, "crash: reference %s run: %.1f s, %d files%n", c.method(), seconds.get(c.method()),
                    reference.get(c.method()).size());
        }
        List<Trial> trials = new ArrayList<>();
        Mode[] modes = Mode.values();
        for (int t = 0; t < kills; t++) {
            Config c = CONFIGS.get(t % CONFIGS.size());
            Mode mode = modes[(t / CONFIGS.size()) % modes.length];
            Trial trial = trial(t, c, mode, out, seconds.get(c.method()), reference.get(c.method()), rng.split());
            trials.add(trial);
            System.err.printf(Locale.ROOT, "crash: trial %d %s %s killed at %s during %s -> %s%n", t, c.method(), mode,
                    trial.killSeconds(), trial.killedDuring(), trial.passed() ? "identical, clean, verified" : "FAILED " + trial);
        }
        String md = markdown(trials, seconds);
        AtomicFiles.writeString(out.resolve("crash.md"), md);
        AtomicFiles.write(out.resolve("crash.json"), tmp -> Json.INDENTED.writeValue(tmp.toFile(),
                Map.of("referenceSeconds", seconds, "trials", trials)));
        System.out.println(md);
        System.exit(trials.stream().allMatch(Trial::passed) ? 0 : 1);
    }

    private static Trial trial(int t, Config c, Mode mode, Path out, double refSeconds, Map<String, String> reference,
                               SplittableRandom rng) throws IOException, InterruptedException {
        Path dir = out.resolve(String.format(Locale.ROOT, "trial-%02d-%s", t, c.method()));
        Path log = out.resolve(dir.getFileName() + ".log");
        AtomicFiles.deleteRecursively(dir);
        Files.deleteIfExists(log);
        List<Double> killAt = new ArrayList<>();
        List<String> during = new ArrayList<>();
        int killsWanted = mode == Mode.TWICE ? 2 : 1;
        int resumes = 0;
        boolean resume = false;
        String problem = null;
        while (true) {
            Process p = CliProcess.start(log, command(c, dir, resume));
            if (killAt.size() < killsWanted) {
                double at = kill(p, mode, dir, refSeconds, rng);
                int code = p.waitFor();
                if (at < 0 && code != 0) {
                    problem = "start " + resumes + " exited " + code + " before it was killed (see " + log + ")";
                    break;
                }
                killAt.add(at < 0 ? null : Math.round(at * 100) / 100.0);
                during.add((at < 0 ? Moment.NOT_KILLED : momentOf(dir)).name().toLowerCase(Locale.ROOT).replace('_', ' '));
            } else {
                int code = p.waitFor();
                if (code == 0) {
                    break;
                }
                problem = "resume " + resumes + " exited " + code + " (see " + log + ")";
                break;
            }
            resumes++;
            resume = true;
            if (resumes > killsWanted + 1) {
                problem = "did not finish after " + resumes + " starts";
                break;
            }
        }
        Map<String, String> files = digests(dir);
        boolean identical = problem == null && files.equals(reference);
        if (problem == null && !identical) {
            problem = "files differ from the uninterrupted run: " + difference(reference, files);
        }
        int verified = 0;
        try {
            verified = verifyCheckpoints(dir);
        } catch (RuntimeException e) {
            problem = (problem == null ? "" : problem + "; ") + "checkpoint does not verify: " + e.getMessage();
        }
        return new Trial(t, c.method(), mode.name().toLowerCase(Locale.ROOT).replace('_', ' '), killAt, during, resumes,
                identical, leftovers(dir), verified, problem);
    }

    /** Kills {@code p} at the moment {@code mode} asks for; the seconds after start, or -1 when it ended first. */
    private static double kill(Process p, Mode mode, Path dir, double refSeconds, SplittableRandom rng) throws InterruptedException {
        long start = System.nanoTime();
        // JVM start, engine load and data loading take the first seconds; aim inside the training part of the run
        double delay = refSeconds * (mode == Mode.RANDOM || mode == Mode.TWICE ? 0.15 + 0.8 * rng.nextDouble() : 0.1 + 0.6 * rng.nextDouble());
        Thread.sleep((long) (delay * 1000));
        long logSize = logBytes(dir);
        while (p.isAlive()) {
            boolean now = switch (mode) {
                case RANDOM, TWICE -> true;
                case AT_CHECKPOINT_WRITE -> !temporaries(dir).isEmpty();
                case AFTER_LOG_APPEND -> logBytes(dir) != logSize;
            };
            if (now) {
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                p.waitFor();
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(0, 200_000);
        }
        return -1;
    }

    /** What the killed run left on disk says where it was. */
    private static Moment momentOf(Path dir) throws IOException {
        if (!temporaries(dir).isEmpty()) {
            return Moment.CHECKPOINT_WRITE;
        }
        for (Path log : logs(dir)) {
            byte[] bytes = Files.readAllBytes(log);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                return Moment.LOG_WRITE;
            }
        }
        return Moment.TRAINING;
    }

    /** Every training log of the run (one per SDR level). */
    private static List<Path> logs(Path dir) {
        return names(dir, n -> n.equals(TrainingLoop.LOG_FILE)).stream().map(dir::resolve).toList();
    }

    private static long logBytes(Path dir) {
        long total = 0;
        for (Path log : logs(dir)) {
            try {
                total += Files.size(log);
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    /** Temporaries of an interrupted atomic write anywhere under {@code dir}. */
    private static List<String> temporaries(Path dir) {
        return names(dir, n -> n.contains(".tmp-"));
    }

    /** What a finished run must not hold: temporaries and the {@code NAME.old} of an interrupted replace. */
    private static List<String> leftovers(Path dir) {
        return names(dir, n -> n.contains(".tmp-") || n.endsWith(".old"));
    }

    private static List<String> names(Path dir, Predicate<String> match) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> match.test(p.getFileName().toString())).map(p -> dir.relativize(p).toString()).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // a file vanished while walking: the run is still writing, look again later
        }
    }

    /** SHA-256 of every file of a finished run that holds its result (weights, optimiser state, cluster tree). */
    private static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> d = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".tensors") || n.endsWith(".json") && !n.equals(CheckpointStore.MANIFEST)) {
                    d.put(dir.relativize(f).toString(), Sha256.ofFile(f));
                }
            }
        }
        return d;
    }

    /** Loads every tensor file of every checkpoint under {@code dir} the way training and export do (digest verified). */
    private static int verifyCheckpoints(Path dir) throws IOException {
        int n = 0;
        List<Path> checkpoints;
        try (Stream<Path> s = Files.walk(dir)) {
            checkpoints = s.filter(p -> p.getFileName().toString().equals(CheckpointStore.MANIFEST)).map(Path::getParent).toList();
        }
        if (checkpoints.isEmpty()) {
            throw new IllegalStateException("no checkpoint in " + dir);
        }
        for (Path ckpt : checkpoints) {
            Manifest m = CheckpointStore.manifest(ckpt);
            for (String file : m.files().keySet()) {
                try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                    CheckpointStore.tensors(ckpt, file, manager);
                    n++;
                }
            }
        }
        return n;
    }

    private static String difference(Map<String, String> want, Map<String, String> got) {
        List<String> diff = new ArrayList<>();
        for (String f : want.keySet()) {
            if (!got.containsKey(f)) {
                diff.add(f + " missing");
            } else if (!got.get(f).equals(want.get(f))) {
                diff.add(f + " differs");
            }
        }
        got.keySet().stream().filter(f -> !want.containsKey(f)).forEach(f -> diff.add(f + " extra"));
        return String.join(", ", diff);
    }

    private static List<String> command(Config c, Path dir, boolean resume) {
        List<String> args = new ArrayList<>();
        args.add("pretrain");
        args.addAll(c.args());
        args.addAll(COMMON);
        args.add("--out");
        args.add(dir.toString());
        if (resume) {
            args.add("--resume");
        }
        return args;
    }

    static String markdown(List<Trial> trials, Map<String, Double> seconds) {
        long kills = trials.stream().flatMap(t -> t.killedDuring().stream()).filter(d -> !d.equals("not killed")).count();
        long duringCheckpoint = trials.stream().flatMap(t -> t.killedDuring().stream()).filter(d -> d.equals("checkpoint write")).count();
        long duringLog = trials.stream().flatMap(t -> t.killedDuring().stream()).filter(d -> d.equals("log write")).count();
        long passed = trials.stream().filter(Trial::passed).count();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d kills (SIGKILL) in %d trials: %d during a checkpoint write, %d with a torn log "
                        + "line; %d of %d trials finished bit-identical to the uninterrupted run, with no temporary left and "
                        + "every checkpoint verified. Uninterrupted runs: %s.%n%n", kills, trials.size(), duringCheckpoint,
                duringLog, passed, trials.size(), seconds.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f s", e.getKey(), e.getValue())).toList()));
        md.append("| trial | method | mode | killed at (s) | killed during | starts | identical | leftovers | tensor files verified |\n");
        md.append("|---:|---|---|---|---|---:|---|---|---:|\n");
        for (Trial t : trials) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %d | %s | %s | %d |%n", t.trial(), t.method(), t.mode(),
                    t.killSeconds().stream().map(s -> s == null ? "-" : String.format(Locale.ROOT, "%.2f", s)).toList(),
                    String.join(", ", t.killedDuring()), t.resumes() + 1, t.identical() ? "yes" : "**no**",
                    t.leftovers().isEmpty() ? "none" : String.join(" ", t.leftovers()), t.tensorFilesVerified()));
        }
        return md.toString();
    }

    private static void fail(String message) {
        System.err.println("scripts/bench crash: " + message);
        System.exit(2);
    }
}
