/**
 * Tribuo integration: frozen backbones as Tribuo feature extractors.
 * <p>
 * {@link org.sdrnet.tribuo.SdrFeatureExtractor} turns images into dense Tribuo examples from any
 * {@link org.sdrnet.nn.ImageFeatures} (in-process DJL now, ONNX Runtime from {@code sdr-onnx-export} through an
 * {@link org.sdrnet.spi.ImageFeaturesFactory}); {@link org.sdrnet.tribuo.ImageDataSource} carries its
 * configuration into every {@code ModelProvenance}; {@link org.sdrnet.tribuo.SdrTrainer} wraps any Tribuo
 * {@code Trainer} into one that learns from images and returns an {@link org.sdrnet.tribuo.SdrModel}, which predicts
 * from images and saves to (and loads from) a directory together with its backbone.
 */
package org.sdrnet.tribuo;

import org.sdrnet.spi.ImageFeaturesFactory;
