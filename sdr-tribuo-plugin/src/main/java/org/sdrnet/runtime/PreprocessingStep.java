package org.sdrnet.runtime;

import org.sdrnet.data.ImageFolderReader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every step from an image file to the input tensor of an exported backbone, as the file records it under
 * {@code sdr.preprocess.*}: what {@link ImageFolderReader} and the runner do, written down so that another tool
 * (docs/onnx.md has a reference client in Python) can feed the file exactly as this library does. Each step has one
 * key and the value naming what this library does; the meaning of every value is in docs/onnx.md ("Using the exported
 * file from another tool"). The steps apply in the order of the constants; mean and std are the file's
 * {@code sdr.mean}/{@code sdr.std}, the target side its {@code sdr.image_size}.
 * <p>
 * A value is a name, not a free parameter, wherever the step is an algorithm: a reader that meets a name it does not
 * implement must refuse the file rather than guess ({@link OnnxBackboneMetadata#parse} does). Files written before
 * these keys existed lack them all; their steps were exactly these ({@link #VERSION} 1), which is how they are read.
 */
public enum PreprocessingStep {
    /** File → 8-bit RGBA, straight alpha: gray replicated, palette through its table, 16-bit samples rounded. */
    DECODE("decode", "rgba8"),
    /** Files wider or taller than this many pixels are refused (skipped). */
    MAX_SIDE("max_side", Integer.toString(ImageFolderReader.DEFAULT_MAX_SIDE)),
    /** The colour transparent pixels are composited onto, R,G,B in 0..255. */
    BACKGROUND("background", "255,255,255"),
    /** Straight alpha over the background in integers: {@code (c·a + bg·(255 − a) + 127) div 255}. */
    COMPOSITE("composite", "over-straight-uint8"),
    /** The longer side becomes the image size, the other keeps the aspect ratio (rounded half up, at least 1). */
    ASPECT("aspect", "fit-longer-side"),
    /** While a side is over twice its target, that side is halved by 2×2 box means of uint8 (rounded). */
    REDUCE("reduce", "halve-box-while-over-twice"),
    /** Bilinear with pixel centres ({@code src = (dst + 0.5)·in/out − 0.5}, clamped), float64, stored as float32. */
    RESIZE("resize", "bilinear-half-pixel-clamp"),
    /** The picture is centred in the square, offsets {@code (size − w) div 2} and {@code (size − h) div 2}. */
    PAD("pad", "center-floor"),
    /** The value of every channel around the picture. */
    PAD_VALUE("pad_value", Integer.toString(ImageFolderReader.PAD_VALUE)),
    /** The resized and padded floats → uint8: {@code floor(v + 0.5)}, clamped to 0..255. */
    QUANTIZE("quantize", "round-half-up-uint8"),
    /** Order of the input planes. */
    CHANNEL_ORDER("channel_order", "RGB"),
    /** Gray pictures are fed as three equal planes. */
    GRAY("gray", "replicate"),
    /** {@code x = v / 255} in float32, then {@code (x − mean) · (1 / std)} per channel. */
    PIXEL_SCALE("pixel_scale", "255");

    /** The prefix of every preprocessing key. */
    public static final String PREFIX = "sdr.preprocess.";
    /** The key of the version of this list of steps; a reader refuses a version above its own. */
    public static final String VERSION_KEY = PREFIX + "version";
    /** The version of the steps this library writes and implements. */
    public static final int VERSION = 1;

    private final String key;
    private final String value;

    PreprocessingStep(String name, String value) {
        this.key = PREFIX + name;
        this.value = value;
    }

    /** The metadata key, {@code sdr.preprocess.<name>}. */
    public String key() {
        return key;
    }

    /** The value this library writes and implements. */
    public String value() {
        return value;
    }

    /** The version key and every step with this library's value, in order. */
    public static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(VERSION_KEY, Integer.toString(VERSION));
        for (PreprocessingStep s : values()) {
            p.put(s.key, s.value);
        }
        return p;
    }

    /**
     * Whether {@code props} record the steps: false for a file of an earlier build (no {@code sdr.preprocess.*} key at
     * all, read as version 1); true when they record exactly the steps this library implements.
     *
     * @throws OnnxModelException naming {@code file} when the version is newer, a step is missing or a value differs
     *                            from what this library does (the file could not be fed as it asks)
     */
    static boolean check(Map<String, String> props, String file) {
        if (props.keySet().stream().noneMatch(k -> k.startsWith(PREFIX))) {
            return false;
        }
        String version = props.get(VERSION_KEY);
        int v;
        try {
            v = Integer.parseInt(version == null ? "" : version.trim());
        } catch (NumberFormatException e) {
            throw new OnnxModelException(file + ": SDR metadata key '" + VERSION_KEY + "' must be a positive integer, got "
                    + (version == null ? "nothing" : "'" + version + "'"));
        }
        if (v > VERSION) {
            throw new OnnxModelException(file + ": preprocessing version " + v + " is newer than the " + VERSION
                    + " this library implements; upgrade the library");
        }
        for (PreprocessingStep s : values()) {
            String found = props.get(s.key);
            if (found == null) {
                throw new OnnxModelException(file + ": SDR metadata key '" + s.key + "' is missing");
            }
            if (!s.value.equals(found.trim())) {
                throw new OnnxModelException(file + ": preprocessing step '" + s.key + "' is '" + found
                        + "'; this library feeds images only as '" + s.value + "'");
            }
        }
        return true;
    }
}
