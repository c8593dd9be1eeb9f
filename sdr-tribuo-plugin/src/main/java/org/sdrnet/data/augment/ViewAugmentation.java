package org.sdrnet.data.augment;

import java.util.List;
import org.sdrnet.data.ImageSet;

/**
 * The settings of the SimSiam view augmentation (Chen &amp; He 2021; METHODS.md §1): random resized crop,
 * colour jitter, random grayscale, Gaussian blur and horizontal flip, in that order. Immutable; every
 * setting has the recipe's default and can be changed through {@link #builder()} or {@link #toBuilder()}.
 * <p>
 * The blur sigma is given in pixels of a 224-px image and scaled linearly to the view's output size, so one
 * setting serves 32-px and 16-px views [our choice]; at 32 px the default range becomes 0.014–0.29 px,
 * a light blur. Set {@link Builder#optBlurReferenceSize(int)} to the output size to give sigma in pixels.
 */
public final class ViewAugmentation {

    /** The SimSiam recipe with every default. */
    public static final ViewAugmentation SIMSIAM = builder().build();

    private final double cropScaleMin;
    private final double cropScaleMax;
    private final double cropRatioMin;
    private final double cropRatioMax;
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final double jitterProbability;
    private final double grayscaleProbability;
    private final double blurProbability;
    private final double blurSigmaMin;
    private final double blurSigmaMax;
    private final int blurReferenceSize;
    private final int blurKernelSize;
    private final double flipProbability;

    private ViewAugmentation(Builder b) {
        cropScaleMin = b.cropScaleMin;
        cropScaleMax = b.cropScaleMax;
        cropRatioMin = b.cropRatioMin;
        cropRatioMax = b.cropRatioMax;
        brightness = b.brightness;
        contrast = b.contrast;
        saturation = b.saturation;
        hue = b.hue;
        jitterProbability = b.jitterProbability;
        grayscaleProbability = b.grayscaleProbability;
        blurProbability = b.blurProbability;
        blurSigmaMin = b.blurSigmaMin;
        blurSigmaMax = b.blurSigmaMax;
        blurReferenceSize = b.blurReferenceSize;
        blurKernelSize = b.blurKernelSize;
        flipProbability = b.flipProbability;
        if (blurReferenceSize <= 0) {
            throw new IllegalArgumentException("blur reference size must be positive, got " + blurReferenceSize);
        }
        // Building a pipeline once validates every setting now rather than at the first batch.
        pipeline(ImageSet.DEFAULT_SIZE);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No augmentation at all: the whole image, only resized to the output size (for checks and ablations). */
    public static ViewAugmentation resizeOnly() {
        return builder().optCropScale(1, 1).optCropRatio(1, 1).optFlipProbability(0).optJitterProbability(0)
                .optGrayscaleProbability(0).optBlurProbability(0).build();
    }

    /** A builder holding this object's settings, to derive a variant. */
    public Builder toBuilder() {
        return new Builder()
                .optCropScale(cropScaleMin, cropScaleMax)
                .optCropRatio(cropRatioMin, cropRatioMax)
                .optJitter(brightness, contrast, saturation, hue)
                .optJitterProbability(jitterProbability)
                .optGrayscaleProbability(grayscaleProbability)
                .optBlurProbability(blurProbability)
                .optBlurSigma(blurSigmaMin, blurSigmaMax)
                .optBlurReferenceSize(blurReferenceSize)
                .optBlurKernelSize(blurKernelSize)
                .optFlipProbability(flipProbability);
    }

    /** The transforms of one view whose output is {@code outputSize × outputSize}. */
    public TransformPipeline pipeline(int outputSize) {
        return new TransformPipeline(List.of(
                new RandomResizedCrop(outputSize, cropScaleMin, cropScaleMax, cropRatioMin, cropRatioMax),
                new ColorJitter(brightness, contrast, saturation, hue, jitterProbability),
                new RandomGrayscale(grayscaleProbability),
                new GaussianBlur(blurProbability,
                        blurSigmaMin * outputSize / blurReferenceSize,
                        blurSigmaMax * outputSize / blurReferenceSize,
                        blurKernelSize),
                new HorizontalFlip(flipProbability)));
    }

    public double cropScaleMin() { return cropScaleMin; }
    public double cropScaleMax() { return cropScaleMax; }
    public double cropRatioMin() { return cropRatioMin; }
    public double cropRatioMax() { return cropRatioMax; }
    public double brightness() { return brightness; }
    public double contrast() { return contrast; }
    public double saturation() { return saturation; }
    public double hue() { return hue; }
    public double jitterProbability() { return jitterProbability; }
    public double grayscaleProbability() { return grayscaleProbability; }
    public double blurProbability() { return blurProbability; }
    public double blurSigmaMin() { return blurSigmaMin; }
    public double blurSigmaMax() { return blurSigmaMax; }
    public int blurReferenceSize() { return blurReferenceSize; }
    public int blurKernelSize() { return blurKernelSize; }
    public double flipProbability() { return flipProbability; }

    @Override
    public String toString() {
        return "ViewAugmentation[crop scale " + cropScaleMin + "-" + cropScaleMax + " ratio " + cropRatioMin + "-"
                + cropRatioMax + ", jitter " + brightness + "/" + contrast + "/" + saturation + "/" + hue
                + " p " + jitterProbability + ", grayscale p " + grayscaleProbability + ", blur p " + blurProbability
                + " sigma " + blurSigmaMin + "-" + blurSigmaMax + "@" + blurReferenceSize + "px kernel "
                + blurKernelSize + ", flip p " + flipProbability + "]";
    }

    /** Collects settings; every one is optional and starts at the SimSiam default. */
    public static final class Builder {
        private double cropScaleMin = RandomResizedCrop.DEFAULT_SCALE_MIN;
        private double cropScaleMax = RandomResizedCrop.DEFAULT_SCALE_MAX;
        private double cropRatioMin = RandomResizedCrop.DEFAULT_RATIO_MIN;
        private double cropRatioMax = RandomResizedCrop.DEFAULT_RATIO_MAX;
        private double brightness = ColorJitter.DEFAULT_BRIGHTNESS;
        private double contrast = ColorJitter.DEFAULT_CONTRAST;
        private double saturation = ColorJitter.DEFAULT_SATURATION;
        private double hue = ColorJitter.DEFAULT_HUE;
        private double jitterProbability = ColorJitter.DEFAULT_PROBABILITY;
        private double grayscaleProbability = RandomGrayscale.DEFAULT_PROBABILITY;
        private double blurProbability = GaussianBlur.DEFAULT_PROBABILITY;
        private double blurSigmaMin = GaussianBlur.SIGMA_MIN_224;
        private double blurSigmaMax = GaussianBlur.SIGMA_MAX_224;
        private int blurReferenceSize = 224;
        private int blurKernelSize = GaussianBlur.DEFAULT_KERNEL_SIZE;
        private double flipProbability = HorizontalFlip.DEFAULT_PROBABILITY;

        private Builder() {
        }

        /** Fraction of the image area a crop covers (default 0.2–1). */
        public Builder optCropScale(double min, double max) {
            cropScaleMin = min;
            cropScaleMax = max;
            return this;
        }

        /** Crop width / height (default 3/4–4/3). */
        public Builder optCropRatio(double min, double max) {
            cropRatioMin = min;
            cropRatioMax = max;
            return this;
        }

        /** Jitter strengths (default 0.4/0.4/0.4/0.1). */
        public Builder optJitter(double brightness, double contrast, double saturation, double hue) {
            this.brightness = brightness;
            this.contrast = contrast;
            this.saturation = saturation;
            this.hue = hue;
            return this;
        }

        /** Chance the jitter is applied at all (default 0.8). */
        public Builder optJitterProbability(double p) {
            jitterProbability = p;
            return this;
        }

        /** Chance a colour view is turned gray (default 0.2). */
        public Builder optGrayscaleProbability(double p) {
            grayscaleProbability = p;
            return this;
        }

        /** Chance of a blur (default 0.5). */
        public Builder optBlurProbability(double p) {
            blurProbability = p;
            return this;
        }

        /** Blur sigma range in pixels of a {@link #optBlurReferenceSize reference-size} image (default 0.1–2.0). */
        public Builder optBlurSigma(double min, double max) {
            blurSigmaMin = min;
            blurSigmaMax = max;
            return this;
        }

        /** The image side the blur sigma refers to (default 224, SimSiam's input size). */
        public Builder optBlurReferenceSize(int size) {
            blurReferenceSize = size;
            return this;
        }

        /** Odd blur kernel side (default 3 [our choice]). */
        public Builder optBlurKernelSize(int size) {
            blurKernelSize = size;
            return this;
        }

        /** Chance of a horizontal flip (default 0.5). */
        public Builder optFlipProbability(double p) {
            flipProbability = p;
            return this;
        }

        /** Validates the settings; throws IllegalArgumentException naming the bad one. */
        public ViewAugmentation build() {
            return new ViewAugmentation(this);
        }
    }
}
