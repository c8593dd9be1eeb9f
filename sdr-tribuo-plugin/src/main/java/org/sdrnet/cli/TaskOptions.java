package org.sdrnet.cli;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Downstream tasks on the command line: catalog ids (D1..D8, 'all') or folders with train/ and test/. */
final class TaskOptions {
    @Option(names = "--task", split = ",", paramLabel = "ID|DIR", defaultValue = "D1,D2,D5",
            description = "Tasks: catalog ids D1..D8, 'all', or a folder with train/ and test/ (one sub-folder per class). "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> tasks;

    @Option(names = "--task-preset", defaultValue = "small", paramLabel = "NAME",
            description = "Catalog task size: tiny, small or full (default: ${DEFAULT-VALUE}).")
    String preset;

    List<DownstreamTask> load(DataOptions data, long seed) {
        DataCatalog catalog = DataCatalog.standard(data.paths());
        Preset p = Preset.parse(preset);
        List<String> ids = tasks.size() == 1 && tasks.get(0).equalsIgnoreCase("all") ? catalog.taskIds() : tasks;
        List<DownstreamTask> out = new ArrayList<>();
        for (String id : ids) {
            Path folder = Path.of(id);
            out.add(Files.isDirectory(folder) ? new ImageFolderReader().fromFolder(folder) : catalog.task(id, p, seed));
        }
        return out;
    }
}
