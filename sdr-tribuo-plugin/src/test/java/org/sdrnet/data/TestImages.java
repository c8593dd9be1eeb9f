package org.sdrnet.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small PNG files and fake data sets for tests. */
public final class TestImages {
    private TestImages() {}

    /** A {@code w}×{@code h} PNG filled with {@code argb} (alpha honoured). */
    public static Path solidPng(Path file, int w, int h, int argb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setComposite(java.awt.AlphaComposite.Src);
        g.setColor(new Color(argb, true));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return write(img, file);
    }

    public static Path write(BufferedImage img, Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer for " + img);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file named like a PNG whose content is a PNG signature followed by garbage. */
    public static Path corruptPng(Path file) {
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3};
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks a fake set directory complete, as scripts/fetch-data.sh does. */
    public static void markComplete(Path setDir) {
        try {
            Files.createDirectories(setDir);
            Files.writeString(setDir.resolve(".complete"), "test\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
