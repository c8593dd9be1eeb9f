package org.sdrnet.data;

/**
 * An opaque picture as interleaved 8-bit RGB, row-major: what {@link PngDecoder} makes of a file before the final
 * resize (composited onto white and, usually, halved). Bytes rather than floats because decoded files can be large.
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param rgb    {@code 3 × width × height} bytes, r g b per pixel
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0 || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException(rgb.length + " bytes are not a " + width + "x" + height + " RGB image");
        }
    }
}
