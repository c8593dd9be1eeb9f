package org.sdrnet.onnx;

import org.sdrnet.data.augment.Normalization;
import org.sdrnet.spi.BackboneExporter;

import java.util.Map;

/**
 * The {@code onnx} {@link BackboneExporter}: an ONNX (opset {@value VisionOperator#OPSET}) file for ONNX Runtime,
 * verified against DJL before it is written. Found through {@code ServiceLoader}; the no-argument constructor uses
 * {@link OnnxExportOptions#DEFAULT} (BatchNorm folded, tolerance 1e-4).
 */
public final class OnnxExporter implements BackboneExporter {
    private final OnnxExportOptions options;

    /** The exporter ServiceLoader creates: default options. */
    public OnnxExporter() {
        this(OnnxExportOptions.DEFAULT);
    }

    public OnnxExporter(OnnxExportOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String description() {
        return "ONNX (opset " + VisionOperator.OPSET + ", NCHW input, 'embedding' output) for ONNX Runtime, verified against DJL";
    }

    public OnnxExportOptions options() {
        return options;
    }

    @Override
    public Report export(Request request) {
        Normalization normalization = Normalization.of(request.mean(), request.std());
        Map<String, String> metadata = request.metadata() == null ? Map.of() : request.metadata();
        return OnnxExport.export(request.backbone(), normalization, request.out(), options, metadata);
    }
}
