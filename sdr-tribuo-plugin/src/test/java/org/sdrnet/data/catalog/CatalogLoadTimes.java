package org.sdrnet.data.catalog;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;

import java.nio.file.Path;

/**
 * Benchmark, not a test: prints the wall time of reading the full MNIST and Fashion IDX files and of loading
 * every catalog entry. Run after {@code mvn test-compile} with
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.sdrnet.data.CatalogLoadTimes [preset] [repeats]}.
 */
public final class CatalogLoadTimes {
    private CatalogLoadTimes() {
    }

    public static void main(String[] args) {
        Preset preset = Preset.parse(args.length > 0 ? args[0] : "small");
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        DataPaths paths = DataPaths.defaults();
        DataCatalog catalog = DataCatalog.standard(paths);
        for (int r = 0; r < repeats; r++) {
            System.out.println("-- round " + (r + 1) + " (" + preset.id() + ")");
            for (String set : new String[] {"mnist", "fashion"}) {
                String gz = set.equals("fashion") ? ".gz" : "";
                Path dir = paths.set(set);
                long t = System.nanoTime();
                ImageSet s = IdxReader.read(set, dir.resolve("train-images-idx3-ubyte" + gz),
                        dir.resolve("train-labels-idx1-ubyte" + gz), MnistLikeSources.FASHION_CLASSES);
                System.out.printf("%-8s full train read   %6d images %7.0f ms%n", set, s.size(), ms(t));
            }
            for (String id : catalog.poolIds()) {
                long t = System.nanoTime();
                ImageSet s = catalog.pool(id, preset, 1);
                System.out.printf("%-8s pool              %6d images %7.0f ms%n", id, s.size(), ms(t));
            }
            for (String id : catalog.taskIds()) {
                long t = System.nanoTime();
                DownstreamTask task = catalog.task(id, preset, 1);
                DownstreamTask.Split sp = task.splits().get(0);
                System.out.printf("%-8s task %d split(s), %5d train %5d test %7.0f ms%n", id, task.splits().size(),
                        sp.train().size(), sp.test().size(), ms(t));
            }
        }
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
