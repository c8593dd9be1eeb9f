package org.sdrnet.tribuo;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.data.ImageSet;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.provenance.DataProvenance;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sdrnet.tribuo.SdrFeatureExtractorTest.assertMessage;

class ImageDataSourceTest {
    @TempDir
    Path tmp;

    /** An OLCUT XML configuration: an extractor, a label factory and an image data source with {@code images}. */
    private Path config(Path backbone, String images) throws IOException {
        return config(backbone, images, "");
    }

    /** The same with {@code more} components. */
    private Path config(Path backbone, String images, String more) throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                  <component name="extractor" type="org.sdrnet.tribuo.SdrFeatureExtractor">
                    <property name="backboneType" value="djl-tensors"/>
                    <property name="backbonePath" value="%s"/>
                    <property name="device" value="cpu"/>
                  </component>
                  <component name="labels" type="org.tribuo.classification.LabelFactory"/>
                  <component name="source" type="org.sdrnet.tribuo.ImageDataSource">
                    <property name="extractor" value="extractor"/>
                    <property name="outputFactory" value="labels"/>
                    %s
                  </component>
                %s
                </config>
                """.formatted(backbone, images, more);
        return Files.writeString(tmp.resolve("config.xml"), xml);
    }

    private Path backbone() {
        Path dir = tmp.resolve("backbone");
        BackboneFiles.write(dir, Fixtures.backbone());
        return dir;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConfiguredCatalogSplitTrainsAModelWhoseProvenanceNamesTheTaskAndBackbone() throws IOException {
        ConfigurationManager cm = new ConfigurationManager(config(backbone(),
                "<property name=\"imageProvider\" value=\"d5\"/>", """
                  <component name="d5" type="org.sdrnet.data.catalog.CatalogSplit">
                    <property name="task" value="D5"/>
                    <property name="part" value="TRAIN"/>
                  </component>""").toString());
        ImageDataSource<Label> source = (ImageDataSource<Label>) cm.lookup("source");
        ImageSet d5train = Fixtures.d5().splits().get(0).train();
        assertEquals(d5train.size(), source.size());
        assertEquals(d5train.fingerprint(), source.images().fingerprint());
        SdrModel<Label> model = new SdrTrainer<>(new LibLinearClassificationTrainer(), new LabelFactory(), source.extractor())
                .train(source);
        assertTrue(Fixtures.accuracy(model.predict(Fixtures.test()), Fixtures.test()) > Fixtures.WELL_ABOVE_CHANCE);
        DataProvenance p = model.provenance().getDatasetProvenance().getSourceProvenance();
        ImageDataSourceProvenance ip = (ImageDataSourceProvenance) p;
        assertTrue(ip.getConfiguredParameters().get("imageProvider").toString().contains("D5"));
        assertTrue(ip.getConfiguredParameters().get("extractor") instanceof SdrFeatureExtractorProvenance);
        assertEquals(d5train.fingerprint(), ip.getInstanceValues().get(ImageDataSourceProvenance.IMAGES_SHA256).getValue());
        assertEquals(p, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(ip)));
        source.extractor().close();
        cm.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConfiguredFolderLabelsImagesByTheirSubFolder() throws IOException {
        Path folder = tmp.resolve("pictures");
        ImageSet digits = Fixtures.perClass(Fixtures.test(), 3, "three-per-class");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < digits.size(); i++) {
            String cls = digits.label(i) < 2 ? (digits.label(i) == 0 ? "zero" : "one") : null;
            if (cls != null) {
                writePng(digits, i, Files.createDirectories(folder.resolve(cls)).resolve(i + ".png"));
            }
        }
        ConfigurationManager cm = new ConfigurationManager(config(backbone(), "<property name=\"folder\" value=\"" + folder + "\"/>").toString());
        ImageDataSource<Label> source = (ImageDataSource<Label>) cm.lookup("source");
        assertEquals(6, source.size());
        List<String> labels = new ArrayList<>();
        for (Example<Label> e : source) {
            labels.add(e.getOutput().getLabel());
            assertEquals(128, e.size());
        }
        // class sub-folders are read in name order: "one" before "zero"
        assertEquals(List.of("one", "one", "one", "zero", "zero", "zero"), labels);
        source.extractor().close();
        cm.close();
    }

    @Test
    void configurationMustNameExactlyOneImageSource() throws IOException {
        Path neither = config(backbone(), "");
        assertMessage(() -> new ConfigurationManager(neither.toString()).lookup("source"), "exactly one of imageProvider", "neither");
        Path both = config(tmp.resolve("backbone"), "<property name=\"imageProvider\" value=\"d5\"/><property name=\"folder\" value=\"/x\"/>",
                "<component name=\"d5\" type=\"org.sdrnet.data.catalog.CatalogSplit\"><property name=\"task\" value=\"D5\"/></component>");
        assertMessage(() -> new ConfigurationManager(both.toString()).lookup("source"), "both imageProvider and folder");
    }

    @Test
    void anEmptyImageSetIsRefused() {
        try (SdrFeatureExtractor fx = SdrFeatureExtractor.of(Fixtures.backbone(), "cpu", 8)) {
            ImageSet none = Fixtures.test().subset("nothing-here", new int[0]);
            assertMessage(() -> new ImageDataSource<>(none, new LabelFactory(), fx), "nothing-here", "is empty");
        }
    }

    private static void writePng(ImageSet set, int i, Path file) throws IOException {
        int n = set.imageSize();
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int v = set.pixel(i, 0, y, x);
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }
}
