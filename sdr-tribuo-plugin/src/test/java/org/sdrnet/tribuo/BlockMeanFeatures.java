package org.sdrnet.tribuo;

import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.ImageFeatures;
import org.sdrnet.spi.BackboneLocation;
import org.sdrnet.spi.ImageFeaturesFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A test backbone type registered from the test class path ({@code META-INF/services}), standing in for the ONNX
 * factory of {@code sdr-onnx-export}: a single file holding a block size; features are the mean intensity of every
 * block of the (first channel of the) image. Proves that a backbone type this module does not know plugs in, and
 * exercises the file-copy path of saving.
 */
public final class BlockMeanFeatures implements ImageFeaturesFactory {
    public static final String NAME = "test-block-mean";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test only: block means of pixels, block size read from a file";
    }

    @Override
    public ImageFeatures open(BackboneLocation location) {
        try {
            int block = Integer.parseInt(Files.readString(location.path()).trim());
            return new Blocks(block, location.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a backbone file of this type. */
    static Path write(Path file, int block) throws IOException {
        return Files.writeString(file, Integer.toString(block));
    }

    /** The features themselves. */
    static final class Blocks implements ImageFeatures {
        private final int block;
        private final Path file;

        Blocks(int block, Path file) {
            this.block = block;
            this.file = file;
        }

        @Override
        public float[][] features(ImageSet images) {
            if (images.imageSize() != ImageSet.DEFAULT_SIZE) {
                throw new IllegalArgumentException("expects " + ImageSet.DEFAULT_SIZE + " px images");
            }
            int side = ImageSet.DEFAULT_SIZE / block;
            float[][] out = new float[images.size()][side * side];
            for (int i = 0; i < images.size(); i++) {
                for (int y = 0; y < ImageSet.DEFAULT_SIZE; y++) {
                    for (int x = 0; x < ImageSet.DEFAULT_SIZE; x++) {
                        out[i][(y / block) * side + x / block] += images.pixel(i, 0, y, x) / (255f * block * block);
                    }
                }
            }
            return out;
        }

        @Override
        public int featureDim() {
            int side = ImageSet.DEFAULT_SIZE / block;
            return side * side;
        }

        @Override
        public Map<String, String> provenance() {
            return Map.of("runtime", "test", "file", file.toString());
        }

        @Override
        public void close() {
        }
    }
}
