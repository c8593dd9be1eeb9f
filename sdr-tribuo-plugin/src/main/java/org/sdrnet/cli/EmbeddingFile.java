package org.sdrnet.cli;

import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.NpyWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where {@code sdr embed} writes: {@code .npy} (float32 {@code [n, d]}, with {@code NAME.paths.txt} beside it listing
 * the image of each row, one per line) or {@code .csv} (a header {@code path,0,1,…,d-1}, then one row per image). Both
 * are written atomically: a failed write leaves what was there before.
 */
enum EmbeddingFile {
    NPY(".npy"), CSV(".csv");

    private final String extension;

    EmbeddingFile(String extension) {
        this.extension = extension;
    }

    /** The format of {@code out}, by its extension; a one-line error naming it when it is neither. */
    static EmbeddingFile of(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        for (EmbeddingFile f : values()) {
            if (name.endsWith(f.extension) && name.length() > f.extension.length()) {
                if (Files.isDirectory(out)) {
                    throw new IllegalArgumentException("--out " + out + " is a directory; name a file");
                }
                return f;
            }
        }
        throw new IllegalArgumentException("--out " + out + ": unknown extension; name a .npy or a .csv file");
    }

    /** The file beside an {@code .npy} that names the image of each row: {@code emb.npy} → {@code emb.paths.txt}. */
    static Path pathsFile(Path npy) {
        String n = npy.getFileName().toString();
        return npy.resolveSibling(n.substring(0, n.length() - NPY.extension.length()) + ".paths.txt");
    }

    /** Writes one row per image: {@code rows.get(i)} is the image of {@code embeddings[i]}. */
    void write(Path out, List<Path> rows, float[][] embeddings, int dim) {
        if (rows.size() != embeddings.length) {
            throw new IllegalArgumentException(rows.size() + " images for " + embeddings.length + " embeddings");
        }
        for (Path p : rows) {
            if (p.toString().contains("\n") || p.toString().contains("\r")) {
                throw new IllegalArgumentException("image path " + p.toString().replaceAll("[\r\n]", "?")
                        + " holds a line break; rename it");
            }
        }
        if (this == NPY) {
            byte[] bytes = NpyWriter.float32(embeddings, dim);
            StringBuilder paths = new StringBuilder();
            rows.forEach(p -> paths.append(p).append('\n'));
            // the list goes into place just before the array does, so both are new or (on a failed write) both old
            AtomicFiles.write(out, tmp -> {
                Files.write(tmp, bytes);
                AtomicFiles.writeString(pathsFile(out), paths.toString());
            });
        } else {
            AtomicFiles.writeString(out, csv(rows, embeddings, dim));
        }
    }

    private static String csv(List<Path> rows, float[][] embeddings, int dim) {
        StringBuilder b = new StringBuilder("path");
        for (int j = 0; j < dim; j++) {
            b.append(',').append(j);
        }
        b.append('\n');
        for (int i = 0; i < embeddings.length; i++) {
            b.append(quoted(rows.get(i).toString()));
            for (float v : embeddings[i]) {
                b.append(',').append(v);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A CSV field (RFC 4180): quoted, with inner quotes doubled, when it holds a comma or a quote. */
    private static String quoted(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
