package org.sdrnet.nn;

import ai.djl.nn.Parameter;

import java.util.Map;

/**
 * A network part whose parameters have stable, readable names ({@code stage1.block0.conv1.weight}).
 * Checkpoints, weight extraction and the ONNX writer all address parameters by these names, so a
 * missing or unexpected parameter is detected instead of silently skipped.
 */
public interface NamedParameters {
    /** Every parameter (trainable or running statistic) by name, in a fixed order. */
    Map<String, Parameter> namedParameters();
}
