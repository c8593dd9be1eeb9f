package org.sdrnet.data;

/**
 * An opaque picture as interleaved 8-bit RGB, row-major: a decoded file after {@link WhiteComposite} and, usually,
 * {@link ImageResize#halveWhileOver halving}. Bytes rather than floats because decoded files can be large.
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param rgb    {@code 3 × width × height} bytes, r g b per pixel
 */
record RgbImage(int width, int height, byte[] rgb) {

    RgbImage {
        if (width <= 0 || height <= 0 || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException(rgb.length + " bytes are not a " + width + "x" + height + " RGB image");
        }
    }
}
