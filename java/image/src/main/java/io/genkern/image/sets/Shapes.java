package io.genkern.image.sets;

import io.genkern.image.Image;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The "shapes" set, after dSprites: one white shape on black, at a random scale, rotation and
 * position that keeps it at least a pixel inside the border; anti-aliased by 4×4 supersampling.
 */
final class Shapes {
    private Shapes() {}

    static final List<String> LABELS = List.of("square", "ellipse", "heart", "triangle");

    private static final int SUB = 4;
    private static final double SQRT3 = Math.sqrt(3);

    /** A shape in its own frame: inside a circle of radius 1 about the origin, y pointing down as in images. */
    private interface Region {
        boolean contains(double u, double v);
    }

    static Image generate(String label, int size, SplittableRandom rng) {
        Region region = switch (label) {
            case "square" -> (u, v) -> Math.abs(u) <= Math.sqrt(0.5) && Math.abs(v) <= Math.sqrt(0.5);
            case "ellipse" -> (u, v) -> u * u + v * v / 0.36 <= 1;
            case "triangle" -> (u, v) -> v <= 0.5 && -v <= 1 - SQRT3 * Math.abs(u); // equilateral, circumradius 1, apex up
            case "heart" -> Shapes::heart;
            default -> throw new IllegalArgumentException(label);
        };
        // Radius of the bounding circle in pixels; the shape stays within [1, size − 1] so the border pixels stay black.
        double maxRadius = Math.min(0.45 * size, (size - 2) / 2.0);
        double radius = ProceduralTextures.between(rng, 0.45 * maxRadius, maxRadius);
        double cx = ProceduralTextures.between(rng, 1 + radius, size - 1 - radius);
        double cy = ProceduralTextures.between(rng, 1 + radius, size - 1 - radius);
        double angle = 2 * Math.PI * rng.nextDouble();
        double cos = StrictMath.cos(angle) / radius, sin = StrictMath.sin(angle) / radius;
        float[] px = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int inside = 0;
                for (int j = 0; j < SUB; j++) {
                    double dy = y + (j + 0.5) / SUB - cy;
                    for (int i = 0; i < SUB; i++) {
                        double dx = x + (i + 0.5) / SUB - cx;
                        if (region.contains(dx * cos + dy * sin, dy * cos - dx * sin)) inside++;
                    }
                }
                px[y * size + x] = inside / (float) (SUB * SUB);
            }
        }
        return new Image(size, size, 1, px);
    }

    // (x² + y² − 1)³ ≤ x²y³ (y up), scaled by 1.26 about (0, 0.25) so it fits the unit circle.
    private static boolean heart(double u, double v) {
        double x = 1.26 * u, y = -1.26 * v + 0.25;
        double q = x * x + y * y - 1;
        return q * q * q <= x * x * y * y * y;
    }
}
