package io.genkern.image.sets;

import io.genkern.image.Image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The "glyphs" set: a digit or letter, white on black, in one of several DejaVu faces, turned up
 * to ±8°, stretched a little, shifted, and sometimes thickened by stroking its outline. The
 * outline is filled with Java2D's anti-aliasing, which needs no display and no system fonts.
 */
final class Glyphs {
    private Glyphs() {}

    static final List<String> LABELS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "H", "K", "M", "R", "X");

    // Unhinted outlines with fractional advances: geometry from the font alone.
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    static Image generate(String label, int size, SplittableRandom rng) {
        List<Font> faces = GlyphFonts.faces();
        Font face = faces.get(rng.nextInt(faces.size()));
        Shape outline = face.createGlyphVector(FRC, label).getOutline();
        double angle = Math.toRadians(ProceduralTextures.between(rng, -8, 8));
        double stretch = ProceduralTextures.between(rng, 0.88, 1.12); // width against height
        double height = ProceduralTextures.between(rng, 0.55, 0.8) * size;
        double weight = rng.nextDouble() < 0.3 ? ProceduralTextures.between(rng, 0.01, 0.035) * size : 0; // stroke width, pixels
        double shiftX = rng.nextDouble(), shiftY = rng.nextDouble();

        // Turn and stretch about the glyph's centre at font scale, then scale to the chosen height.
        Rectangle2D b = outline.getBounds2D();
        AffineTransform shape = AffineTransform.getRotateInstance(angle);
        shape.scale(stretch, 1);
        shape.translate(-b.getCenterX(), -b.getCenterY());
        Rectangle2D turned = shape.createTransformedShape(outline).getBounds2D();
        double room = size - 2 - weight; // keep a one-pixel black border
        double scale = Math.min(height / turned.getHeight(), Math.min(room / turned.getWidth(), room / turned.getHeight()));
        // Place anywhere that keeps the glyph inside, but no more than 8% of the image off centre.
        double x = place(size, scale * turned.getMinX(), scale * turned.getMaxX(), weight, shiftX);
        double y = place(size, scale * turned.getMinY(), scale * turned.getMaxY(), weight, shiftY);
        AffineTransform placed = AffineTransform.getTranslateInstance(x, y);
        placed.scale(scale, scale);
        placed.concatenate(shape);
        Shape glyph = placed.createTransformedShape(outline);

        BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fill(glyph);
            if (weight > 0) {
                g.setStroke(new BasicStroke((float) weight, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(glyph);
            }
        } finally {
            g.dispose();
        }
        byte[] grey = (byte[]) canvas.getRaster().getDataElements(0, 0, size, size, null);
        float[] px = new float[size * size];
        for (int i = 0; i < px.length; i++) px[i] = (grey[i] & 255) / 255f;
        return new Image(size, size, 1, px);
    }

    /** The centre coordinate for a glyph spanning [lo, hi] about it: within 8% of the middle, clamped so it stays inside. */
    private static double place(int size, double lo, double hi, double weight, double u) {
        double min = 1 + weight / 2 - lo, max = size - 1 - weight / 2 - hi;
        double wobble = 0.08 * size;
        double from = Math.max(min, size / 2.0 - wobble), to = Math.min(max, size / 2.0 + wobble);
        return from <= to ? from + (to - from) * u : (min + max) / 2;
    }
}
