package io.genkern.image.sets;

import java.util.SplittableRandom;

import static io.genkern.image.sets.ProceduralTextures.between;

/** Fractal gradient noise through a three-colour ramp, sometimes domain-warped (noise displacing its own coordinates). */
final class ColouredNoise {
    private ColouredNoise() {}

    static ProceduralTextures.Texture random(SplittableRandom rng, int size) {
        int frequency = 2 + rng.nextInt(5);
        int octaves = PeriodicNoise.octavesBelow(frequency, size / 2, 4 + rng.nextInt(3));
        double gain = between(rng, 0.45, 0.65);
        double warp = rng.nextDouble() < 0.5 ? between(rng, 0.05, 0.2) : 0;
        double contrast = between(rng, 1.2, 2.2);
        double hue = rng.nextDouble(), turn = between(rng, 0.08, 0.45) * (rng.nextBoolean() ? 1 : -1);
        Rgb low = Rgb.hsv(hue, between(rng, 0.4, 0.9), between(rng, 0.1, 0.35));
        Rgb mid = Rgb.hsv(hue + turn, between(rng, 0.3, 0.8), between(rng, 0.45, 0.7));
        Rgb high = Rgb.hsv(hue + 2 * turn, between(rng, 0.1, 0.6), between(rng, 0.8, 1.0));
        PeriodicNoise noise = new PeriodicNoise(rng.nextLong());
        PeriodicNoise warpU = new PeriodicNoise(rng.nextLong()), warpV = new PeriodicNoise(rng.nextLong());
        return (s, t, pixel) -> {
            // Displacing by periodic noise keeps the result periodic.
            double u = s + warp * warpU.fbm(s, t, 2, 2, 3, 0.5), v = t + warp * warpV.fbm(s, t, 2, 2, 3, 0.5);
            double x = Maths.clamp01(0.5 + 0.5 * contrast * noise.fbm(u, v, frequency, frequency, octaves, gain));
            return x < 0.5 ? low.mix(mid, 2 * x) : mid.mix(high, 2 * x - 1);
        };
    }
}
