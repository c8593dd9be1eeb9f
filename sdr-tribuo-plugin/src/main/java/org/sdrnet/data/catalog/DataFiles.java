package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the bytes of the catalog's data files for the readers, with errors that name the file and, when it is
 * missing, say how to fetch it. {@code kind} names the file in messages, e.g. "IDX file".
 */
final class DataFiles {
    private DataFiles() {
    }

    /** The bytes of {@code file}. */
    static byte[] read(Path file, String kind) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(kind + " " + file + " does not exist; fetch the data with scripts/fetch-data.sh", e);
        } catch (IOException e) {
            throw new DataException("cannot read " + kind + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of {@code file}, inflated when they start with the gzip signature. */
    static byte[] readInflated(Path file, String kind) {
        byte[] raw = read(file, kind);
        if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new DataException(kind + " " + file + " is a truncated or corrupt gzip stream: " + e.getMessage(), e);
            }
        }
        return raw;
    }
}
