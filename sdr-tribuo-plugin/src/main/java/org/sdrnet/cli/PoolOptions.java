package org.sdrnet.cli;

import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.PoolSource;
import org.sdrnet.data.catalog.Preset;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * Where pretraining images come from: catalog pool domains, a labelled catalog pool, or a user's folder of images. For a
 * method that trains on labels ({@code trex}) a folder is read as one sub-folder per class and a catalog pool keeps its
 * labels only when it is a labelled pool (L1); the domain labels of a mix of P1–P5 are analysis-only and are dropped,
 * so the method refuses the pool as unlabelled.
 */
final class PoolOptions {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source = new Source();

    static final class Source {
        @Option(names = "--pool", split = ",", paramLabel = "ID",
                description = "Catalog pool: unlabeled domains, comma-separated (P1..P5, or 'all'; default P1,P2), or one "
                        + "labelled pool (L1: letters of the training fonts, for --method trex); `sdr data list` shows them.")
        List<String> pool;

        @Option(names = "--data", paramLabel = "DIR", description = "A folder of your own images: read recursively and "
                + "unlabeled, or for a method that trains on labels (trex) one sub-folder per class.")
        Path folder;
    }

    @Option(names = "--preset", defaultValue = "small", paramLabel = "NAME",
            description = "Catalog size: tiny, small or full (default: ${DEFAULT-VALUE}).")
    String preset;

    /** The pool for a method that ignores labels. */
    ImageSet load(DataOptions data, long seed) {
        return load(data, seed, false, true);
    }

    /**
     * The pool; with {@code labelled} (the method trains on labels) a folder is read by class, refusing unreadable
     * pictures unless {@code skipUnreadable}, and only a labelled catalog pool keeps its labels.
     */
    ImageSet load(DataOptions data, long seed, boolean labelled, boolean skipUnreadable) {
        if (source.folder != null) {
            return labelled ? labelledFolder(source.folder, skipUnreadable) : unlabeledFolder(source.folder);
        }
        DataCatalog catalog = DataCatalog.standard(data.paths());
        List<String> ids = source.pool == null ? List.of("P1", "P2")
                : source.pool.size() == 1 && source.pool.get(0).equalsIgnoreCase("all") ? catalog.poolIds() : source.pool;
        if (ids.size() == 1) {
            PoolSource s = catalog.poolSource(ids.get(0));
            if (s.labelled()) {
                return s.load(catalog.paths(), Preset.parse(preset), seed);
            }
        }
        ImageSet mixed = catalog.mixedPool(ids, Preset.parse(preset), seed);
        return labelled ? mixed.withoutLabels() : mixed; // domain labels are for analysis, never training classes
    }

    private static ImageSet unlabeledFolder(Path folder) {
        ImageFolderReader.Result r = new ImageFolderReader().readUnlabeled(folder);
        if (r.report().skippedCount() > 0) {
            System.err.println("sdr: skipped " + r.report().skippedCount() + " unreadable file(s) in " + folder);
        }
        return r.images();
    }

    private static ImageSet labelledFolder(Path folder, boolean skipUnreadable) {
        ImageFolderReader.Result r = new ImageFolderReader().readLabeled(folder);
        LabeledImages.checkUnreadable(r.report(), skipUnreadable, "sdr pretrain");
        return r.images();
    }
}
