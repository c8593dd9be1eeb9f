package org.sdrnet.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.BatchTensors;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.data.catalog.DataPaths;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.PreprocessingStep;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 9: an exported file records every step from an image file to its input tensor, so a client that
 * follows only the metadata ({@link MetadataFollower}, written from the documented keys) computes the library's own
 * input tensors, and therefore its embeddings, on real images of every kind: gray (8- and 16-bit), colour, palette
 * with transparency, gray with alpha, RGBA with partial alpha, non-square, larger and smaller than 32 px, and an
 * extreme 3×400 strip.
 */
class OnnxInputContractTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path images;

    @BeforeAll
    static void exportAndCollectImages() throws IOException {
        model = dir.resolve("backbone.onnx");
        OnnxExport.export(TestBackbones.randomWithBatchNorm(TestBackbones.twoBlocks(), 11),
                Normalization.of(new float[] {0.45f, 0.5f, 0.55f}, new float[] {0.2f, 0.25f, 0.3f}),
                model, OnnxExportOptions.DEFAULT);
        images = realImagesOfEveryKind(dir.resolve("images"));
    }

    /** The metadata as any ONNX tool sees it: the model's custom metadata, read by ONNX Runtime. */
    private static Map<String, String> metadataOf(Path file) throws Exception {
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions())) {
            return s.getMetadata().getCustomMetadata();
        }
    }

    @Test
    void theExportedMetadataRecordsEveryStep() throws Exception {
        Map<String, String> props = metadataOf(model);
        for (String key : MetadataFollower.STEPS.keySet()) {
            assertTrue(props.containsKey(key) && !props.get(key).isBlank(), "the export records " + key + ": " + props.keySet());
        }
        MetadataFollower.STEPS.forEach((key, value) -> {
            if (value != null) {
                assertEquals(value, props.get(key), key);
            }
        });
        assertEquals("4096", props.get("sdr.preprocess.max_side"));
        assertEquals("255,255,255", props.get("sdr.preprocess.background"));
        assertEquals("255", props.get("sdr.preprocess.pad_value"));
        assertEquals("255", props.get("sdr.preprocess.pixel_scale"));
        assertEquals("32", props.get("sdr.image_size"));
    }

    @Test
    void followingTheMetadataReproducesTheLibrarysTensorsAndEmbeddings() throws Exception {
        MetadataFollower follower = new MetadataFollower(metadataOf(model));
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(model)) {
            ImageFolderReader.Result read = new ImageFolderReader().readUnlabeled(images);
            assertEquals(0, read.report().skippedCount(), "every test image is readable: " + read.report().skipped());
            ImageSet set = read.images();
            int n = set.size();
            float[] library = BatchTensors.plain(set, IntStream.range(0, n).toArray(), runner.metadata().normalization());
            int per = 3 * 32 * 32;
            float[] followed = new float[n * per];
            List<Path> files = read.report().read();
            for (int i = 0; i < n; i++) {
                float[] t = follower.tensor(files.get(i));
                System.arraycopy(t, 0, followed, i * per, per);
                double worst = 0;
                for (int k = 0; k < per; k++) {
                    worst = Math.max(worst, Math.abs(t[k] - library[i * per + k]));
                }
                assertTrue(worst <= 1e-6, files.get(i).getFileName() + ": the followed tensor differs by " + worst);
            }
            float[][] ours = runner.features(followed, new long[] {n, 3, 32, 32});
            float[][] theirs = runner.features(set);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < ours[i].length; j++) {
                    assertEquals(theirs[i][j], ours[i][j], 1e-5, files.get(i).getFileName() + " dimension " + j);
                }
            }
        }
    }

    @Test
    void aFileOfAnEarlierBuildWithoutTheStepsStillOpensAndEmbedsTheSame() throws Exception {
        OnnxMl.ModelProto exported = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model));
        Map<String, String> props = new LinkedHashMap<>();
        exported.getMetadataPropsList().forEach(e -> props.put(e.getKey(), e.getValue()));
        props.keySet().removeIf(k -> k.startsWith(PreprocessingStep.PREFIX));
        Path old = dir.resolve("earlier-build.onnx");
        Files.write(old, OnnxBackboneWriter.withMetadata(exported, props).toByteArray());
        ImageSet set = new ImageFolderReader().readUnlabeled(images).images();
        try (OnnxBackboneRunner now = OnnxBackboneRunner.open(model); OnnxBackboneRunner before = OnnxBackboneRunner.open(old)) {
            assertTrue(now.metadata().preprocessingRecorded());
            assertFalse(before.metadata().preprocessingRecorded());
            assertEquals(now.metadata().preprocessing(), before.metadata().preprocessing());
            assertArrayEquals(now.features(set), before.features(set));
        }
    }

    @Test
    void aStepTheFollowerDoesNotKnowIsRefusedNotGuessed() throws Exception {
        Map<String, String> props = new HashMap<>(metadataOf(model));
        props.put("sdr.preprocess.resize", "lanczos3");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new MetadataFollower(props));
        assertTrue(e.getMessage().contains("lanczos3"), e.getMessage());
    }

    /**
     * Real catalog files of each kind, plus pictures made from them with ImageIO for what the catalog lacks (partial
     * alpha, 16-bit gray, an extreme aspect ratio).
     */
    static Path realImagesOfEveryKind(Path out) throws IOException {
        DataPaths data = DataPaths.defaults();
        Path clipart = data.set("clipart").resolve("png");
        Path skimage = data.set("skimage");
        Path emoji = data.set("emoji-google").resolve("img/64");
        Files.createDirectories(out);
        Map<String, Path> real = Map.of(
                "gray-brick-512.png", skimage.resolve("brick.png"),
                "gray-pirate-744x496.png", clipart.resolve("signs_and_symbols/flags/historic/pirates/pirate_stede_bonnet.png"),
                "colour-park-640x480.png", clipart.resolve("recreation/park_nicu_buculei_01.png"),
                "rgba-flowerpot-794x1123.png", clipart.resolve("food/beverages/flower-pot_02.png"),
                "palette-transparent-star-100.png", clipart.resolve("shapes/stars/star_40pt17step.png"),
                "gray-alpha-pie-199x133.png", clipart.resolve("food/desserts/pie_cherry_bw.png"),
                "palette-flag-22x16.png", clipart.resolve("signs_and_symbols/flags/europe/norway/norwegian_union_flag_fed_01.png"),
                "rgba-emoji-64.png", emoji.resolve("1f600.png"));
        for (Map.Entry<String, Path> e : real.entrySet()) {
            Files.copy(e.getValue(), out.resolve(e.getKey()));
        }
        BufferedImage park = ImageIO.read(clipart.resolve("recreation/park_nicu_buculei_01.png").toFile());
        BufferedImage brick = ImageIO.read(skimage.resolve("brick.png").toFile());

        BufferedImage faded = new BufferedImage(97, 45, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 45; y++) {
            for (int x = 0; x < 97; x++) {
                int alpha = x * 255 / 96;
                faded.setRGB(x, y, (alpha << 24) | (park.getRGB(200 + x, 150 + y) & 0xFFFFFF));
            }
        }
        write(faded, out.resolve("rgba-partial-alpha-97x45.png"));

        BufferedImage deep = new BufferedImage(300, 70, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = deep.getRaster();
        for (int y = 0; y < 70; y++) {
            for (int x = 0; x < 300; x++) {
                int v = brick.getRaster().getSample(x, y, 0) * 257 + (x * 37 + y * 11) % 257 - 128;
                raster.setSample(x, y, 0, Math.max(0, Math.min(65535, v)));
            }
        }
        write(deep, out.resolve("gray16-300x70.png"));

        write(park.getSubimage(320, 40, 3, 400), out.resolve("colour-strip-3x400.png"));
        try (var files = Files.list(out)) {
            assertEquals(11, files.count());
        }
        return out;
    }

    private static void write(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + img);
        }
    }
}
