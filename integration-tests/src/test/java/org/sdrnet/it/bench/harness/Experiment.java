package org.sdrnet.it.bench.harness;

import org.sdrnet.route.RoutingSettings;

import java.util.List;

/**
 * A named experiment: which pool domains are pretrained on, with which methods, which downstream tasks judge the
 * result, and how routing scores candidates. The compute spent is a separate {@link Budget}, chosen per run.
 *
 * @param name         the name on the command line and the folder under {@code docs/results/}
 * @param question     one line: what the experiment answers
 * @param poolDomains  catalog pool domains pretrained on together (also one by one when {@code perDomainModels})
 * @param methods      pretraining methods run on the mixed pool
 * @param tasks        downstream task ids
 * @param routingScore transfer score that ranks routing candidates
 * @param perDomainModels also pretrain the unified method on each pool domain alone (the negative-transfer study)
 * @param seed         seed of the data sampling, the pretraining runs and the routing scores
 */
public record Experiment(String name, String question, List<String> poolDomains, List<String> methods, List<String> tasks,
                         String routingScore, boolean perDomainModels, long seed) {

    /**
     * SDR's claim at our scale: on the five-domain pool, does a routed sub-net beat the unified model trained on the
     * same image-views; and does pretraining on all domains ever lose to pretraining on one (negative transfer)?
     */
    public static final Experiment SDR_VS_UNIFIED = new Experiment("sdr-vs-unified",
            "routed SDR sub-nets vs the unified model on the five-domain pool; single-domain vs all-domain pretraining",
            List.of("P1", "P2", "P3", "P4", "P5"), List.of("unified", "sdr"),
            List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"), RoutingSettings.DEFAULT_SCORE, true, 42L);

    /**
     * DSPNet's claim at our scale (METHODS.md §2, issue 17 item 4): is each width of one DSPNet run as good as a plain
     * network of that width pretrained on its own with the same recipe and epochs, and at what share of their total cost?
     * Its methods: {@code dspnet} once, {@code unified} once per width.
     */
    public static final Experiment DSPNET_VS_SEPARATE = new Experiment("dspnet-vs-separate",
            "each width of one dspnet run vs a separately pretrained network of that width; total training cost of both",
            List.of("P1", "P2", "P3", "P4", "P5"), List.of("dspnet", "unified"),
            List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"), RoutingSettings.DEFAULT_SCORE, false, 42L);

    /**
     * t-ReX's claims at our scale (METHODS.md §4, issue 18): pretrained with labels on the letters pool L1, does t-ReX
     * (multi-crop, projector, memory prototypes) transfer better than plain cross-entropy, at what in-task cost, how does
     * the projector's depth trade one for the other, and do prototypes beat a learnable cosine classifier? Its in-task
     * task is D3 (the pool's letters in held-out fonts, {@link TrexTransferExperiment#IN_TASK}); every other task is
     * transfer.
     */
    public static final Experiment TREX_TRANSFER = new Experiment("trex-transfer",
            "t-ReX vs plain cross-entropy and a learnable cosine classifier, pretrained on the letters pool L1: in-task (D3) "
                    + "and transfer (the other tasks) linear-probe accuracy and log-odds",
            List.of("L1"), List.of("trex"), List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"),
            RoutingSettings.DEFAULT_SCORE, false, 42L);

    /**
     * TEC's claims at our scale (METHODS.md §3, issue 19): on the five-domain pool, does a TEC student trained for E'
     * epochs on a frozen MAE base (itself E epochs) beat that base, and beat the same MAE trained E' more epochs from the
     * base's weights (the paper's cost claim)? Linear probe over D1–D8 ({@link TecVsMaeExperiment}).
     */
    public static final Experiment TEC_VS_MAE = new Experiment("tec-vs-mae",
            "a TEC student vs its MAE base and vs the MAE trained as many more epochs from the base: mean linear-probe accuracy",
            List.of("P1", "P2", "P3", "P4", "P5"), List.of("mae", "tec"),
            List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"), RoutingSettings.DEFAULT_SCORE, false, 42L);

    private static final List<Experiment> ALL = List.of(SDR_VS_UNIFIED, DSPNET_VS_SEPARATE, TREX_TRANSFER, TEC_VS_MAE);

    public Experiment {
        poolDomains = List.copyOf(poolDomains);
        methods = List.copyOf(methods);
        tasks = List.copyOf(tasks);
        if (poolDomains.isEmpty() || methods.isEmpty() || tasks.isEmpty()) {
            throw new IllegalArgumentException("experiment '" + name + "' needs pool domains, methods and tasks");
        }
    }

    /** The same experiment with another seed (data sampling, pretraining and routing), for repeats over seeds. */
    public Experiment withSeed(long s) {
        return new Experiment(name, question, poolDomains, methods, tasks, routingScore, perDomainModels, s);
    }

    /** The same experiment with routing ranked by another transfer score (e.g. {@code linear-cv}). */
    public Experiment withRoutingScore(String score) {
        return new Experiment(name, question, poolDomains, methods, tasks, score, perDomainModels, seed);
    }

    /** The same experiment without (false) or with the single-domain models of the negative-transfer study. */
    public Experiment withPerDomainModels(boolean on) {
        return new Experiment(name, question, poolDomains, methods, tasks, routingScore, on, seed);
    }

    /** The experiment called {@code name}; an unknown name is an error listing the valid ones. */
    public static Experiment named(String name) {
        return ALL.stream().filter(e -> e.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown experiment '" + name + "'; valid: " + String.join(", ", names())));
    }

    public static List<String> names() {
        return ALL.stream().map(Experiment::name).toList();
    }
}
