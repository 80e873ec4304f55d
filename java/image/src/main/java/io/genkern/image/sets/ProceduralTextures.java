package io.genkern.image.sets;

import io.genkern.image.Image;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The "textures" set: RGB textures that tile seamlessly. Each kind is a function over the unit
 * square that is periodic with period 1 in both axes (wrapping noise lattices, brick and tile
 * counts that divide the square), sampled at pixel centres.
 */
final class ProceduralTextures {
    private ProceduralTextures() {}

    static final List<String> LABELS = List.of("bricks", "tiles", "wood", "marble", "cells", "noise");

    /** A texture: the colour at (s, t) in [0, 1)², where {@code pixel} is the width of one pixel (for anti-aliasing edges). */
    interface Texture {
        Rgb at(double s, double t, double pixel);
    }

    static Image generate(String label, int size, SplittableRandom rng) {
        Texture texture = switch (label) {
            case "bricks" -> Bricks.random(rng);
            case "tiles" -> Tiles.random(rng);
            case "wood" -> Wood.random(rng, size);
            case "marble" -> Marble.random(rng, size);
            case "cells" -> Cells.random(rng);
            case "noise" -> ColouredNoise.random(rng, size);
            default -> throw new IllegalArgumentException(label);
        };
        return render(texture, size);
    }

    private static Image render(Texture texture, int size) {
        float[] px = new float[size * size * 3];
        double pixel = 1.0 / size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                Rgb c = texture.at((x + 0.5) * pixel, (y + 0.5) * pixel, pixel);
                int i = (y * size + x) * 3;
                px[i] = (float) Maths.clamp01(c.r());
                px[i + 1] = (float) Maths.clamp01(c.g());
                px[i + 2] = (float) Maths.clamp01(c.b());
            }
        }
        return new Image(size, size, 3, px);
    }

    /** Per-pixel grit: noise with one lattice cell per pixel, so it wraps like everything else. */
    static double grit(PeriodicNoise noise, double s, double t, double pixel) {
        int n = (int) Math.round(1 / pixel);
        return noise.at(s * n, t * n, n, n);
    }

    static double between(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static <T> T pick(SplittableRandom rng, List<T> options) {
        return options.get(rng.nextInt(options.size()));
    }
}
