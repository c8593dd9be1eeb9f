package org.sdrnet.onnx;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The point of the export: a Tribuo classifier trained on ONNX Runtime features behaves like one trained on DJL
 * features. Real labeled data (D5, 8×8 digits), a random-init backbone (its features are informative enough for a
 * linear model to beat chance clearly, which keeps the comparison from being trivially "both predict one class").
 * <p>
 * The classifier is LibLinear's L2-regularised logistic regression solved to a tight tolerance (the linear probe's
 * model): its optimum moves continuously with the features. Tribuo's SGD {@code LogisticRegressionTrainer}
 * (unregularised AdaGrad, 5 epochs) on the same standardised features flipped 6 and 11 of 898 test labels for
 * backbone seeds 7 and 8, although the features differ by under 1e-6: standardising dimensions whose spread is
 * ~1e-4 and then taking unregularised SGD steps amplifies that rounding. On raw features it flipped none.
 */
class TribuoParityTest {
    private static final LabelFactory LABELS = new LabelFactory();

    @TempDir
    Path dir;

    @Test
    void logisticRegressionOnOnnxFeaturesPredictsWhatItPredictsOnDjlFeatures() {
        DownstreamTask task = DataCatalog.defaults().task("D5", Preset.TINY, 1);
        ImageSet train = task.splits().get(0).train();
        ImageSet test = task.splits().get(0).test();
        Backbone backbone = Backbone.randomInit(ResNetSpec.tiny(), 7);
        Path file = dir.resolve("tiny.onnx");
        OnnxExport.export(backbone, Normalization.DEFAULT, file, OnnxExportOptions.DEFAULT);

        List<String> djl;
        try (DjlFeatureExtractor extractor = new DjlFeatureExtractor(backbone, Device.cpu(), Normalization.DEFAULT, 256)) {
            djl = trainAndPredict(extractor.features(train), train, extractor.features(test), "djl");
        }
        List<String> onnx;
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(file)) {
            onnx = trainAndPredict(runner.features(train), train, runner.features(test), "onnx");
        }

        assertEquals(test.size(), onnx.size());
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            correct += onnx.get(i).equals(Integer.toString(test.label(i))) ? 1 : 0;
        }
        double accuracy = (double) correct / test.size();
        assertTrue(accuracy > 0.5, "the classifier learned something (accuracy " + accuracy + ", 10 classes)");
        assertEquals(djl, onnx, "same predicted label for every test image");
    }

    /** Standardises with the training statistics, fits logistic regression, predicts the test set. */
    private static List<String> trainAndPredict(float[][] trainX, ImageSet train, float[][] testX, String source) {
        int d = trainX[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (float[] row : trainX) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / trainX.length;
            }
        }
        for (float[] row : trainX) {
            for (int j = 0; j < d; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / trainX.length;
            }
        }
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = String.format("emb-%04d", j);
            sd[j] = Math.sqrt(sd[j]) + 1e-8;
        }
        List<Example<Label>> examples = new ArrayList<>();
        for (int i = 0; i < trainX.length; i++) {
            examples.add(example(trainX[i], new Label(Integer.toString(train.label(i))), names, mean, sd));
        }
        MutableDataset<Label> data = new MutableDataset<>(examples, new SimpleDataSourceProvenance(source, LABELS), LABELS);
        Model<Label> model = new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), 1.0, 1000, 1e-6).train(data);
        List<String> out = new ArrayList<>();
        for (float[] row : testX) {
            Prediction<Label> p = model.predict(example(row, LabelFactory.UNKNOWN_LABEL, names, mean, sd));
            out.add(p.getOutput().getLabel());
        }
        return out;
    }

    private static Example<Label> example(float[] row, Label label, String[] names, double[] mean, double[] sd) {
        double[] v = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            v[j] = (row[j] - mean[j]) / sd[j];
        }
        return new ArrayExample<>(label, names, v);
    }
}
