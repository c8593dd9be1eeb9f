package org.sdrnet.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What a folder read did: the files that became images, in image order, and the files it skipped with the
 * reason. Readers never fail on a single bad file; they skip it, log a warning and list it here.
 *
 * @param folder  the folder that was read (the first input, when a list of files and folders was read)
 * @param read    files read, in the order of the resulting images
 * @param skipped files skipped, each with its reason
 */
public record ReadReport(Path folder, List<Path> read, List<DecodeResult.Skipped> skipped) {

    public ReadReport {
        read = List.copyOf(read);
        skipped = List.copyOf(skipped);
    }

    public int readCount() { return read.size(); }

    public int skippedCount() { return skipped.size(); }
}
