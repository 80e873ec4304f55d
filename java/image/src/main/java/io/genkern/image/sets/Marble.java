package io.genkern.image.sets;

import java.util.List;
import java.util.SplittableRandom;

import static io.genkern.image.sets.ProceduralTextures.between;
import static io.genkern.image.sets.ProceduralTextures.pick;

/**
 * Marble: veins where sin(2π(a·s + b·t) + k·turbulence) crosses zero. With integer a and b the
 * stripes wrap, and the turbulence wraps, so the whole slab tiles.
 */
final class Marble {
    private Marble() {}

    // Base and vein colours: Carrara, Nero Marquina, verde, rosa, crema.
    private static final List<Rgb[]> STONES = List.of(
            new Rgb[] {new Rgb(0.92, 0.92, 0.90), new Rgb(0.42, 0.44, 0.48)},
            new Rgb[] {new Rgb(0.10, 0.10, 0.11), new Rgb(0.88, 0.88, 0.86)},
            new Rgb[] {new Rgb(0.18, 0.36, 0.28), new Rgb(0.82, 0.88, 0.82)},
            new Rgb[] {new Rgb(0.86, 0.70, 0.66), new Rgb(0.52, 0.28, 0.24)},
            new Rgb[] {new Rgb(0.90, 0.84, 0.70), new Rgb(0.55, 0.42, 0.24)});

    static ProceduralTextures.Texture random(SplittableRandom rng, int size) {
        Rgb[] stone = pick(rng, STONES);
        Rgb base = stone[0].jitter(rng, 0.03), vein = stone[1].jitter(rng, 0.04);
        Veins main = Veins.random(rng, size, between(rng, 2.5, 5));
        Veins fine = Veins.random(rng, size, between(rng, 2, 4));
        double sharpness = between(rng, 3, 8);
        PeriodicNoise cloud = new PeriodicNoise(rng.nextLong());
        return (s, t, pixel) -> {
            double v = StrictMath.pow(main.closeness(s, t), sharpness) + 0.35 * StrictMath.pow(fine.closeness(s, t), 2 * sharpness);
            Rgb ground = base.times(1 + 0.06 * cloud.fbm(s, t, 2, 2, 3, 0.5));
            return ground.mix(vein, Maths.clamp01(v)).plus(0.012 * ProceduralTextures.grit(cloud, s, t, pixel));
        };
    }

    /** One family of veins: stripes in direction (a, b) bent by {@code strength} radians of turbulence. */
    private record Veins(int a, int b, double strength, int frequency, int octaves, PeriodicNoise noise) {
        static Veins random(SplittableRandom rng, int size, double strength) {
            int a = 1 + rng.nextInt(2), b = rng.nextInt(5) - 2;
            if (rng.nextBoolean()) {
                int swap = a;
                a = b;
                b = swap;
            }
            int frequency = 2 + rng.nextInt(2);
            return new Veins(a, b, strength, frequency, PeriodicNoise.octavesBelow(frequency, size / 2, 5), new PeriodicNoise(rng.nextLong()));
        }

        /** 1 on a vein, falling to 0 between veins. */
        double closeness(double s, double t) {
            double phase = 2 * Math.PI * (a * s + b * t) + strength * noise.turbulence(s, t, frequency, frequency, octaves, 0.5);
            return 1 - Math.abs(StrictMath.sin(phase));
        }
    }
}
