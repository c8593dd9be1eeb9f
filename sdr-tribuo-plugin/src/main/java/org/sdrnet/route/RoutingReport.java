package org.sdrnet.route;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;
import org.sdrnet.nn.Backbone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What routing did for one task (METHODS.md §1 item 7c: "report every score and the cost"): every candidate with its
 * votes, score and time, the choice, the total wall time and the number of images passed through a network. Rendered
 * as a Markdown table, JSON and a PNG bar chart; {@link #summary()} is the short form stored in the chosen backbone's
 * provenance.
 *
 * @param taskId           the task routed for
 * @param scoreName        the transfer score that ranked the candidates
 * @param seed             seed of the score
 * @param trainImages      training images of the task (the only images routing saw)
 * @param numClasses       classes of the task
 * @param trainFingerprint {@link org.sdrnet.data.ImageSet#fingerprint()} of those training images
 * @param shortlistSize    the requested M (≤ 0: every non-empty leaf)
 * @param nonEmptyLeaves   non-empty leaves of the run's cluster tree
 * @param candidates       in scoring order: shortlisted leaves by votes, then the unified model if one was given
 * @param choice           name of the chosen candidate
 * @param priorSeconds     time of the prior (level-0 features and votes)
 * @param totalSeconds     wall time of the whole routing
 * @param imagesProcessed  images passed through any network (level 0 included)
 * @param margin           the score margin a sub-net needed over the unified model (0: none; reports written before
 *                         the setting read as 0)
 * @param recalibratedBn   candidates were scored with BatchNorm statistics re-estimated on their own pool images
 *                         ({@link RoutingSettings#recalibrateBn()}; reports written before the setting read as false)
 */
public record RoutingReport(String taskId, String scoreName, long seed, int trainImages, int numClasses,
                            String trainFingerprint, int shortlistSize, int nonEmptyLeaves, List<Candidate> candidates,
                            String choice, double priorSeconds, double totalSeconds, long imagesProcessed, double margin,
                            boolean recalibratedBn) {

    /** Name of the unified candidate. */
    public static final String UNIFIED = "unified";
    /** Prefix of every {@link #summary()} key, so that it merges into a backbone's provenance without clashes. */
    public static final String PROVENANCE_PREFIX = "routing.";

    /**
     * One scored candidate.
     *
     * @param name       {@code leaf g1-g2-…-gL} or {@code unified}
     * @param leafId     leaf id in the cluster tree; null for the unified model
     * @param path       the sub-net's path; empty for the unified model
     * @param votes      training images of the task that fell into the leaf; null for the unified model
     * @param poolImages pool images the leaf's sub-net was trained on; null for the unified model
     * @param score      the transfer score (higher is better)
     * @param seconds    time to extract the network, compute its features and score them
     * @param foldScores the score on each cross-validation fold (same folds for every candidate); empty when the score
     *                   is not cross-validated or the report predates them
     */
    public record Candidate(String name, Integer leafId, List<Integer> path, Integer votes, Integer poolImages,
                            double score, double seconds, List<Double> foldScores) {
        public Candidate {
            Objects.requireNonNull(name, "name");
            path = List.copyOf(path);
            foldScores = foldScores == null ? List.of() : List.copyOf(foldScores);
        }

        /** A candidate without fold scores. */
        public Candidate(String name, Integer leafId, List<Integer> path, Integer votes, Integer poolImages,
                         double score, double seconds) {
            this(name, leafId, path, votes, poolImages, score, seconds, List.of());
        }

        /** A shortlisted leaf. */
        public static Candidate leaf(int leafId, int[] path, int votes, int poolImages, double score, double seconds) {
            return leaf(leafId, path, votes, poolImages, score, new double[0], seconds);
        }

        /** A shortlisted leaf with its fold scores. */
        public static Candidate leaf(int leafId, int[] path, int votes, int poolImages, double score, double[] folds,
                                     double seconds) {
            return new Candidate(leafName(path), leafId, Arrays.stream(path).boxed().toList(), votes, poolImages,
                    score, seconds, Arrays.stream(folds).boxed().toList());
        }

        /** The unified model. */
        public static Candidate unified(double score, double seconds) {
            return unified(score, new double[0], seconds);
        }

        /** The unified model with its fold scores. */
        public static Candidate unified(double score, double[] folds, double seconds) {
            return new Candidate(UNIFIED, null, List.of(), null, null, score, seconds,
                    Arrays.stream(folds).boxed().toList());
        }

        /** The fold scores as an array. */
        @JsonIgnore
        public double[] foldArray() {
            return foldScores.stream().mapToDouble(Double::doubleValue).toArray();
        }

        @JsonIgnore
        public boolean isUnified() {
            return leafId == null;
        }

        /** The path as an array (empty for the unified model). */
        @JsonIgnore
        public int[] pathArray() {
            return path.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public RoutingReport {
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a routing report needs at least one candidate");
        }
        if (candidates.stream().noneMatch(c -> c.name().equals(choice))) {
            throw new IllegalArgumentException("routing choice '" + choice + "' is not among the candidates "
                    + candidates.stream().map(Candidate::name).toList());
        }
    }

    /** {@code leaf 0-3-1-2} for path (0, 3, 1, 2). */
    public static String leafName(int[] path) {
        return "leaf " + Arrays.stream(path).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }

    /** The chosen candidate. */
    public Candidate chosen() {
        return candidates.stream().filter(c -> c.name().equals(choice)).findFirst().orElseThrow();
    }

    /** The unified candidate, if one was scored. */
    public Optional<Candidate> unified() {
        return candidates.stream().filter(Candidate::isUnified).findFirst();
    }

    /** The same report with every time set to zero: what must be identical between two routings with one seed. */
    public RoutingReport withoutTimings() {
        List<Candidate> cs = candidates.stream().map(c -> new Candidate(c.name(), c.leafId(), c.path(), c.votes(),
                c.poolImages(), c.score(), 0, c.foldScores())).toList();
        return new RoutingReport(taskId, scoreName, seed, trainImages, numClasses, trainFingerprint, shortlistSize,
                nonEmptyLeaves, cs, choice, 0, 0, imagesProcessed, margin, recalibratedBn);
    }

    // ---------------------------------------------------------------- provenance

    /**
     * The routing in a few strings, for provenance: task, score name, choice and its score, every candidate's score,
     * seed, the training data and the cost. Keys start with {@value #PROVENANCE_PREFIX}.
     */
    public Map<String, String> summary() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PROVENANCE_PREFIX + "task", taskId);
        m.put(PROVENANCE_PREFIX + "score", scoreName);
        m.put(PROVENANCE_PREFIX + "choice", choice);
        m.put(PROVENANCE_PREFIX + "choiceScore", number(chosen().score()));
        m.put(PROVENANCE_PREFIX + "scores", candidates.stream().map(c -> c.name() + "=" + number(c.score()))
                .collect(Collectors.joining(", ")));
        m.put(PROVENANCE_PREFIX + "seed", Long.toString(seed));
        m.put(PROVENANCE_PREFIX + "trainImages", Integer.toString(trainImages));
        m.put(PROVENANCE_PREFIX + "trainFingerprint", trainFingerprint);
        m.put(PROVENANCE_PREFIX + "seconds", String.format(Locale.ROOT, "%.3f", totalSeconds));
        m.put(PROVENANCE_PREFIX + "imagesProcessed", Long.toString(imagesProcessed));
        if (margin > 0) {
            m.put(PROVENANCE_PREFIX + "margin", number(margin));
        }
        if (recalibratedBn) {
            m.put(PROVENANCE_PREFIX + "bnRecalibrated", "true");
        }
        return m;
    }

    /** {@code backbone} with {@link #summary()} merged into its provenance (routing keys win over older routing keys). */
    public Backbone annotate(Backbone backbone) {
        Map<String, String> prov = new LinkedHashMap<>(backbone.provenance());
        prov.putAll(summary());
        return new Backbone(backbone.spec(), backbone.weights(), prov);
    }

    // ---------------------------------------------------------------- renderings

    /** A Markdown table of the candidates, best marked, with a header line and the cost. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Routing of task %s by %s (seed %d): %d training images, %d classes; %s.%n%n",
                taskId, scoreName, seed, trainImages, numClasses, shortlistSize <= 0 || shortlistSize >= nonEmptyLeaves
                        ? "all " + nonEmptyLeaves + " non-empty leaves scored"
                        : shortlistSize + " of " + nonEmptyLeaves + " non-empty leaves shortlisted"));
        sb.append("| candidate | votes | pool images | ").append(scoreName).append(" score | seconds | |\n");
        sb.append("|---|---:|---:|---:|---:|---|\n");
        for (Candidate c : candidates) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s |%n", c.name(),
                    c.votes() == null ? "–" : c.votes().toString(), c.poolImages() == null ? "–" : c.poolImages().toString(),
                    number(c.score()), c.seconds(), c.name().equals(choice) ? "**chosen**" : ""));
        }
        sb.append(String.format(Locale.ROOT, "%nChosen: %s. Prior %.2f s, total %.2f s, %d images through networks.%n",
                choice, priorSeconds, totalSeconds, imagesProcessed));
        if (recalibratedBn) {
            sb.append("Every candidate was scored with BatchNorm statistics re-estimated on its own pool images "
                    + "(a sub-net: its cluster's; the unified model: the whole pool).\n");
        }
        return sb.toString();
    }

    /** The report as indented JSON. */
    public String toJson() {
        try {
            return Json.INDENTED.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise the routing report of task " + taskId, e);
        }
    }

    /** Writes {@link #toJson()} to {@code file}, atomically. */
    public void writeJson(Path file) {
        AtomicFiles.writeString(file, toJson());
    }

    /** Reads a report written by {@link #writeJson}; a missing or malformed file is an error naming it. */
    public static RoutingReport read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no routing report at " + file);
        }
        try {
            return Json.INDENTED.readValue(file.toFile(), RoutingReport.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("routing report " + file + " is not readable: " + e.getMessage(), e);
        }
    }

    /** A bar chart of every candidate's score (the chosen one highlighted) as PNG bytes. */
    public byte[] chartPng() {
        return RoutingChart.png(this);
    }

    /** Writes {@link #chartPng()} to {@code file}, atomically. */
    public void writeChart(Path file) {
        AtomicFiles.writeBytes(file, chartPng());
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
