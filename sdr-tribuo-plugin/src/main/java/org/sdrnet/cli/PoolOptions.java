package org.sdrnet.cli;

import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Where pretraining images come from: catalog pool domains, or a user's folder of images. */
final class PoolOptions {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source = new Source();

    static final class Source {
        @Option(names = "--pool", split = ",", paramLabel = "ID",
                description = "Catalog pool domains, comma-separated (P1..P5, or 'all'). Default: P1,P2.")
        List<String> pool;

        @Option(names = "--data", paramLabel = "DIR", description = "A folder of your own images (recursive, unlabeled).")
        Path folder;
    }

    @Option(names = "--preset", defaultValue = "small", paramLabel = "NAME",
            description = "Catalog size: tiny, small or full (default: ${DEFAULT-VALUE}).")
    String preset;

    ImageSet load(DataOptions data, long seed) {
        if (source.folder != null) {
            ImageFolderReader.Result r = new ImageFolderReader().readUnlabeled(source.folder);
            if (r.report().skippedCount() > 0) {
                System.err.println("sdr: skipped " + r.report().skippedCount() + " unreadable file(s) in " + source.folder);
            }
            return r.images();
        }
        DataCatalog catalog = DataCatalog.standard(data.paths());
        List<String> ids = source.pool == null ? List.of("P1", "P2")
                : source.pool.size() == 1 && source.pool.get(0).equalsIgnoreCase("all") ? catalog.poolIds() : source.pool;
        return catalog.mixedPool(ids, Preset.parse(preset), seed);
    }
}
