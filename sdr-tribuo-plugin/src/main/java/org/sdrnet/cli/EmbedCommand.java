package org.sdrnet.cli;

import org.sdrnet.data.DataException;
import org.sdrnet.data.DecodeResult;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.tribuo.SdrFeatureExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sdr embed}: the raw embeddings of image files and folders under one backbone (named as {@code sdr train} names
 * it, {@link BackboneOptions}: an exported {@code .onnx} run with ONNX Runtime, a checkpoint or SDR sub-net run with
 * DJL, or a routing report's choice), written to {@code .npy} or {@code .csv}, to compare with another tool or to feed
 * one. Images are read as every other command reads them ({@link ImageFolderReader}, the steps an exported file
 * records); a file that cannot be read is reported and left out, the others are written.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Write the embeddings of image files and folders (one row per image) to a .npy or .csv file.")
final class EmbedCommand implements Callable<Integer> {

    @Mixin
    BackboneOptions backbone;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files and folders (a folder: every picture below it).")
    List<Path> images;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "FILE.npy (float32 [n, d], image paths in FILE.paths.txt) or FILE.csv (path and values per row).")
    Path out;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, gpu or gpu:N.")
    String device;

    @Override
    public Integer call() {
        EmbeddingFile format = EmbeddingFile.of(out);
        for (Path p : images) {
            if (!Files.exists(p)) {
                throw new DataException("image " + p + " does not exist");
            }
        }
        backbone.check();
        try (SdrFeatureExtractor features = backbone.open(device)) {
            ImageFolderReader.Result read = new ImageFolderReader().readUnlabeled(images, "images");
            for (DecodeResult.Skipped s : read.report().skipped()) {
                System.err.println("sdr embed: skipped " + s.reason());
            }
            float[][] rows = features.features(read.images());
            format.write(out, read.report().read(), rows, features.featureDim());
            System.out.printf("wrote %d embeddings of %d values to %s%s; skipped %d unreadable file(s)%n", rows.length,
                    features.featureDim(), out, format == EmbeddingFile.NPY ? " (rows named in " + EmbeddingFile.pathsFile(out) + ")" : "",
                    read.report().skippedCount());
        }
        return 0;
    }
}
