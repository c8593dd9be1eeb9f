package org.sdrnet.it.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;
import org.sdrnet.io.Sha256;
import org.sdrnet.it.bench.harness.CliProcess;
import org.sdrnet.it.bench.harness.UsageError;
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
 * Kill moments are chosen by progress events (log appends, checkpoint writes begun), not by seconds, so they land at
 * the same places in a run whatever the machine's load; a run that finishes before its moment is started over with an
 * earlier one. Usage: {@code scripts/bench crash OUT_DIR [--kills N] [--seed S]} (default 24 trials, seed 1; about 20
 * minutes on two cores). Every run uses one PyTorch thread; the uninterrupted references are {@code OUT/ref-METHOD}.
 */
public final class CrashCampaign {
    static final String USAGE = "usage: scripts/bench crash OUT_DIR [--kills N] [--seed S]";

    /** Where in the run the kill landed, judged from what it left on disk. */
    enum Moment { TRAINING, CHECKPOINT_WRITE, LOG_WRITE }

    /** How a trial picks its kill moment. */
    enum Mode { RANDOM, AT_CHECKPOINT_WRITE, AFTER_LOG_APPEND, TWICE }

    record Config(String method, List<String> args) {
    }

    record Trial(int trial, String method, String mode, List<Double> killSeconds, List<String> killedDuring, int starts,
                 boolean identical, List<String> leftovers, int tensorFilesVerified, String problem) {
        boolean passed() {
            return identical && leftovers.isEmpty() && problem == null;
        }
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("unified", List.of("--method", "unified", "--pool", "P1", "--preset", "tiny", "--epochs", "4",
                    "--batch", "16", "--checkpoint-every", "4", "--seed", "11")),
            new Config("sdr", List.of("--method", "sdr", "--pool", "P1,P2", "--preset", "tiny", "--epochs", "5",
                    "--batch", "32", "--checkpoint-every", "4", "--seed", "11", "-o", "groups=2",
                    "-o", "levelEpochs=1,1,1,1,1", "-o", "minClusterSize=8")));
    private static final List<String> COMMON = List.of("--backbone", "tiny", "--no-progress", "--device", "cpu");

    private CrashCampaign() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            fail("needs OUT_DIR first; " + USAGE);
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
        Map<String, Integer> events = new TreeMap<>();
        for (Config c : CONFIGS) {
            Path ref = out.resolve("ref-" + c.method());
            AtomicFiles.deleteRecursively(ref);
            long t0 = System.nanoTime();
            Process p = CliProcess.start(out.resolve("ref-" + c.method() + ".log"), command(c, ref, false));
            Watch watch = watch(p, ref, Mode.RANDOM, Integer.MAX_VALUE, 0);
            int code = p.waitFor();
            if (code != 0 || watch.killed()) {
                fail("the uninterrupted " + c.method() + " run failed (exit " + code + "); see " + out.resolve("ref-" + c.method() + ".log"));
            }
            seconds.put(c.method(), (System.nanoTime() - t0) / 1e9);
            events.put(c.method(), watch.events());
            reference.put(c.method(), digests(ref));
            System.err.printf(Locale.ROOT, "crash: reference %s run: %.1f s, %d progress events seen, %d result files%n",
                    c.method(), seconds.get(c.method()), watch.events(), reference.get(c.method()).size());
        }
        List<Trial> trials = new ArrayList<>();
        Mode[] modes = Mode.values();
        for (int t = 0; t < kills; t++) {
            Config c = CONFIGS.get(t % CONFIGS.size());
            Mode mode = modes[(t / CONFIGS.size()) % modes.length];
            Trial trial = trial(t, c, mode, out, events.get(c.method()), reference.get(c.method()), rng.split());
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

    private static Trial trial(int t, Config c, Mode mode, Path out, int refEvents, Map<String, String> reference,
                               SplittableRandom rng) throws IOException, InterruptedException {
        Path dir = out.resolve(String.format(Locale.ROOT, "trial-%02d-%s", t, c.method()));
        Path log = out.resolve(dir.getFileName() + ".log");
        List<Double> killAt = new ArrayList<>();
        List<String> during = new ArrayList<>();
        int killsWanted = mode == Mode.TWICE ? 2 : 1;
        int starts = 0;
        String problem = null;
        int maxEvents = Math.max(1, refEvents);
        for (int attempt = 0; attempt < 3 && killAt.size() < killsWanted && problem == null; attempt++) {
            // a fresh run each attempt: an attempt whose run finished before its kill moment starts over, aiming earlier
            AtomicFiles.deleteRecursively(dir);
            Files.deleteIfExists(log);
            killAt.clear();
            during.clear();
            starts = 0;
            boolean resume = false;
            while (killAt.size() < killsWanted) {
                Process p = CliProcess.start(log, command(c, dir, resume));
                starts++;
                resume = true;
                long t0 = System.nanoTime();
                Watch w = watch(p, dir, mode, 1 + rng.nextInt(maxEvents), rng.nextDouble());
                int code = p.waitFor();
                if (!w.killed()) {
                    if (code != 0) {
                        problem = "start " + starts + " exited " + code + " before it was killed (see " + log + ")";
                    }
                    maxEvents = Math.max(1, w.events() / 2);
                    break;
                }
                killAt.add(Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
                during.add(momentOf(dir).name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        if (problem == null && killAt.size() < killsWanted) {
            problem = "the run finished before its kill moment in 3 attempts";
        }
        if (problem == null) {
            int code = CliProcess.run(log, command(c, dir, true));
            starts++;
            if (code != 0) {
                problem = "the resume after the last kill exited " + code + " (see " + log + ")";
            }
        }
        Map<String, String> files = Files.isDirectory(dir) ? digests(dir) : Map.of();
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
        return new Trial(t, c.method(), mode.name().toLowerCase(Locale.ROOT).replace('_', ' '), killAt, during, starts,
                identical, leftovers(dir), verified, problem);
    }

    /** What watching a run saw: progress events (log appends, checkpoint writes begun) and whether it was killed. */
    record Watch(int events, boolean killed) {
    }

    /**
     * Watches {@code p} (polling every millisecond) and kills it with SIGKILL at the {@code target}-th progress event:
     * at once for {@link Mode#AFTER_LOG_APPEND} (a log append) and {@link Mode#AT_CHECKPOINT_WRITE} (a checkpoint
     * temporary on disk), after a further {@code fraction} of the mean gap between events for the random modes. Events,
     * not seconds, so the kill lands at the same place in the run whatever the machine's load.
     */
    private static Watch watch(Process p, Path dir, Mode mode, int target, double fraction) throws InterruptedException {
        // what a previous start left (its log, a temporary of the write it was killed in) is not progress of this one
        long logBytes = logBytes(dir);
        boolean inWrite = !temporaries(dir).isEmpty();
        int events = 0;
        long first = 0;
        while (p.isAlive()) {
            long bytes = logBytes(dir);
            boolean appended = bytes > logBytes;
            logBytes = bytes; // a resume that drops a torn last line shrinks the log: the next append still counts
            boolean writing = !temporaries(dir).isEmpty();
            boolean writeBegan = writing && !inWrite;
            inWrite = writing;
            boolean event = switch (mode) {
                case AFTER_LOG_APPEND -> appended;
                case AT_CHECKPOINT_WRITE -> writeBegan;
                case RANDOM, TWICE -> appended || writeBegan;
            };
            if (event) {
                events++;
                first = first == 0 ? System.nanoTime() : first;
                if (events >= target) {
                    if (mode == Mode.RANDOM || mode == Mode.TWICE) {
                        long meanGap = events > 1 ? (System.nanoTime() - first) / (events - 1) : 200_000_000L;
                        Thread.sleep((long) (fraction * meanGap / 1e6));
                    }
                    if (!p.isAlive()) {
                        break;
                    }
                    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                    p.waitFor();
                    return new Watch(events, true);
                }
            }
            Thread.sleep(1);
        }
        return new Watch(events, false);
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
        long kills = trials.stream().mapToLong(t -> t.killedDuring().size()).sum();
        long duringCheckpoint = trials.stream().flatMap(t -> t.killedDuring().stream()).filter(d -> d.equals("checkpoint write")).count();
        long duringLog = trials.stream().flatMap(t -> t.killedDuring().stream()).filter(d -> d.equals("log write")).count();
        long passed = trials.stream().filter(Trial::passed).count();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d kills (SIGKILL) in %d trials: %d during a checkpoint write, %d with a torn log "
                        + "line; %d of %d trials finished bit-identical to the uninterrupted run, with no temporary left and "
                        + "every checkpoint verified. Uninterrupted runs: %s.%n%n", kills, trials.size(), duringCheckpoint,
                duringLog, passed, trials.size(), seconds.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f s", e.getKey(), e.getValue())).toList()));
        md.append("| trial | method | mode | killed after (s) | killed during | starts | identical | leftovers | tensor files verified | problem |\n");
        md.append("|---:|---|---|---|---|---:|---|---|---:|---|\n");
        for (Trial t : trials) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %d | %s | %s | %d | %s |%n", t.trial(), t.method(), t.mode(),
                    t.killSeconds().stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(),
                    String.join(", ", t.killedDuring()), t.starts(), t.identical() ? "yes" : "**no**",
                    t.leftovers().isEmpty() ? "none" : String.join(" ", t.leftovers()), t.tensorFilesVerified(),
                    t.problem() == null ? "" : t.problem().replace('|', '/')));
        }
        return md.toString();
    }

    private static void fail(String message) {
        UsageError.exit("scripts/bench crash", message, null);
    }
}
