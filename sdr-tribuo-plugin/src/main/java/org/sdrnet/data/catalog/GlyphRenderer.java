package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.sdrnet.data.ImageSet;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/**
 * Renders one character of one font face as an MNIST-like gray image: white on black, anti-aliased, the
 * glyph's visual bounds scaled to fit a {@value #BOX}×{@value #BOX} box, centred in a {@value #FRAME}×{@value
 * #FRAME} frame, padded to {@value #CANVAS}×{@value #CANVAS}. The outline is drawn as a vector shape, so an
 * optional {@link Jitter} (rotation, scale, shift) costs nothing extra and adds no resampling blur.
 */
public final class GlyphRenderer {

    /** Side of the output image (1 channel). */
    public static final int CANVAS = ImageSet.DEFAULT_SIZE;
    /** Side of the MNIST-like frame the glyph is centred in. */
    public static final int FRAME = 28;
    /** Side of the box the glyph's visual bounds are scaled into. */
    public static final int BOX = 20;
    /** Point size outlines are taken at: large enough that no hinting or rounding shows. */
    static final float RENDER_POINTS = 100f;

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private GlyphRenderer() {}

    /**
     * A small random deformation for augmented renders, applied about the image centre.
     *
     * @param rotationDegrees counter-clockwise rotation
     * @param scale           factor on the 20-px box
     * @param dx              horizontal shift in pixels
     * @param dy              vertical shift in pixels
     */
    public record Jitter(double rotationDegrees, double scale, double dx, double dy) {
        /** The plain render. */
        public static final Jitter NONE = new Jitter(0, 1, 0, 0);

        /** P3's augmentation: rotation ±10°, scale 0.85–1.1, shift ±2 px, all uniform. */
        public static Jitter random(Random rng) {
            return new Jitter(-10 + 20 * rng.nextDouble(), 0.85 + 0.25 * rng.nextDouble(),
                    -2 + 4 * rng.nextDouble(), -2 + 4 * rng.nextDouble());
        }
    }

    /** The plain render of {@code c}: {@value #CANVAS}² gray bytes, row-major. */
    public static byte[] render(Font face, char c) {
        return render(face, c, Jitter.NONE);
    }

    /** The render of {@code c} under {@code jitter}: {@value #CANVAS}² gray bytes, row-major. */
    public static byte[] render(Font face, char c, Jitter jitter) {
        Shape outline = face.deriveFont(RENDER_POINTS).createGlyphVector(FRC, String.valueOf(c)).getOutline();
        Rectangle2D bounds = outline.getBounds2D();
        if (bounds.isEmpty()) {
            throw new DataException("font face '" + face.getFontName() + "' has no visible glyph for '" + c + "'");
        }
        double fit = BOX / Math.max(bounds.getWidth(), bounds.getHeight()) * jitter.scale();
        // Read right to left: centre the bounds at the origin, scale, rotate, then move to the image centre
        // (the centre of the 28-px frame, which the 2-px padding places at the centre of the canvas).
        AffineTransform t = new AffineTransform();
        t.translate(CANVAS / 2.0 + jitter.dx(), CANVAS / 2.0 + jitter.dy());
        t.rotate(Math.toRadians(-jitter.rotationDegrees()));
        t.scale(fit, fit);
        t.translate(-bounds.getCenterX(), -bounds.getCenterY());

        BufferedImage img = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fill(t.createTransformedShape(outline));
        } finally {
            g.dispose();
        }
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData().clone();
    }
}
