package io.genkern.image.sets;

import java.util.List;
import java.util.SplittableRandom;

import static io.genkern.image.sets.ProceduralTextures.between;
import static io.genkern.image.sets.ProceduralTextures.pick;

/**
 * Flat-sawn wood: growth rings from a warped distance to the trunk's axis, plus fine grain streaks
 * along it. The distance is sin²(π(t − axis)), which wraps where a plain |t − axis| would not.
 */
final class Wood {
    private Wood() {}

    // Pairs of earlywood (light) and latewood (dark): pine, oak, walnut, cherry, ash.
    private static final List<Rgb[]> SPECIES = List.of(
            new Rgb[] {new Rgb(0.86, 0.70, 0.48), new Rgb(0.66, 0.45, 0.25)},
            new Rgb[] {new Rgb(0.74, 0.56, 0.36), new Rgb(0.50, 0.34, 0.19)},
            new Rgb[] {new Rgb(0.46, 0.32, 0.22), new Rgb(0.25, 0.16, 0.10)},
            new Rgb[] {new Rgb(0.72, 0.44, 0.30), new Rgb(0.50, 0.26, 0.16)},
            new Rgb[] {new Rgb(0.88, 0.80, 0.66), new Rgb(0.66, 0.56, 0.42)});

    static ProceduralTextures.Texture random(SplittableRandom rng, int size) {
        Rgb[] species = pick(rng, SPECIES);
        Rgb early = species[0].jitter(rng, 0.03), late = species[1].jitter(rng, 0.03);
        boolean vertical = rng.nextBoolean();
        double axis = rng.nextDouble();
        double rings = between(rng, 5, 12);
        double warp = between(rng, 0.03, 0.08);
        int wavesAlong = 1 + rng.nextInt(2);
        int streaks = Math.max(4, size / 4); // grain streaks across the board: a few pixels apart at any size
        PeriodicNoise warpNoise = new PeriodicNoise(rng.nextLong()), ringNoise = new PeriodicNoise(rng.nextLong());
        PeriodicNoise noise = new PeriodicNoise(rng.nextLong());
        return (s, t, pixel) -> {
            double along = vertical ? t : s, across = vertical ? s : t;
            double a = across + warp * warpNoise.fbm(along, across, wavesAlong, 2, 3, 0.5);
            double sin = StrictMath.sin(Math.PI * (a - axis));
            double g = Maths.fract(rings * sin * sin + 0.15 * ringNoise.fbm(along, across, 4, 4, 2, 0.5)); // uneven years
            // Latewood: a band that darkens slowly and ends sharply where the next year's earlywood starts.
            double latewood = Maths.smoothstep(0.45, 0.9, g) * (1 - Maths.smoothstep(0.9, 1.0, g));
            double grain = noise.fbm(along, across, 2, streaks, 2, 0.5); // long along the board, narrow across it
            Rgb c = early.mix(late, Maths.clamp01(0.85 * latewood + 0.25 * grain));
            return c.times(1 + 0.04 * ProceduralTextures.grit(noise, s, t, pixel));
        };
    }
}
