package org.sdrnet.data;

/**
 * A picture as float planes (CHW, 0..255): one plane when the picture is gray, three when it has colour. The
 * form in which pictures are resized ({@link ImageResize}).
 *
 * @param channels 1 (gray) or 3 (RGB)
 * @param width    width in pixels
 * @param height   height in pixels
 * @param data     {@code channels × height × width} values in 0..255
 */
public record ImagePlanes(int channels, int width, int height, float[] data) {

    /** The planes of an opaque picture; one channel when every pixel is neutral (r = g = b). */
    public static ImagePlanes of(RgbImage img) {
        byte[] rgb = img.rgb();
        for (int p = 0; p < rgb.length; p += 3) {
            if (rgb[p] != rgb[p + 1] || rgb[p + 1] != rgb[p + 2]) {
                return rgb(img);
            }
        }
        float[] gray = new float[img.width() * img.height()];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = rgb[3 * i] & 0xFF;
        }
        return new ImagePlanes(1, img.width(), img.height(), gray);
    }

    /** The three planes of an opaque picture, gray or not. */
    static ImagePlanes rgb(RgbImage img) {
        byte[] rgb = img.rgb();
        int plane = img.width() * img.height();
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            out[i] = rgb[3 * i] & 0xFF;
            out[plane + i] = rgb[3 * i + 1] & 0xFF;
            out[2 * plane + i] = rgb[3 * i + 2] & 0xFF;
        }
        return new ImagePlanes(3, img.width(), img.height(), out);
    }

    /** This picture with three channels (gray replicated). */
    public ImagePlanes toRgb() {
        if (channels == 3) {
            return this;
        }
        int plane = width * height;
        float[] rgb = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(data, 0, rgb, c * plane, plane);
        }
        return new ImagePlanes(3, width, height, rgb);
    }
}
