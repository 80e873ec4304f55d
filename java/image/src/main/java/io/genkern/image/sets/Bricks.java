package io.genkern.image.sets;

import java.util.List;
import java.util.SplittableRandom;

import static io.genkern.image.sets.ProceduralTextures.between;
import static io.genkern.image.sets.ProceduralTextures.pick;

/** Running-bond brickwork: an even number of courses (so the half-brick offset wraps), mortar joints, per-brick colour. */
final class Bricks {
    private Bricks() {}

    private static final List<Rgb> CLAY = List.of(
            new Rgb(0.58, 0.24, 0.16), new Rgb(0.50, 0.30, 0.20), new Rgb(0.70, 0.40, 0.24),
            new Rgb(0.80, 0.68, 0.50), new Rgb(0.48, 0.46, 0.45), new Rgb(0.40, 0.16, 0.12));

    static ProceduralTextures.Texture random(SplittableRandom rng) {
        int rows = 2 * (2 + rng.nextInt(4)); // 4..10 courses
        int cols = Math.max(1, (int) Math.round(rows / between(rng, 2.0, 3.4))); // bricks 2 to 3.4 times as long as high
        double mortar = between(rng, 0.07, 0.14); // joint half-width as a fraction of a course
        Rgb clay = pick(rng, CLAY).jitter(rng, 0.05);
        Rgb joint = Rgb.grey(rng.nextDouble() < 0.75 ? between(rng, 0.62, 0.82) : between(rng, 0.22, 0.35)).jitter(rng, 0.02);
        double spread = between(rng, 0.06, 0.16); // brick-to-brick brightness variation
        long bricksSeed = rng.nextLong();
        PeriodicNoise noise = new PeriodicNoise(rng.nextLong());
        return (s, t, pixel) -> {
            // Courses are offset half a course and bricks a quarter brick, so the image edges cut through bricks, not joints.
            double y = t * rows + 0.5;
            int row = (int) Math.floor(y);
            double x = s * cols + 0.25 + (row % 2) * 0.5;
            int col = (int) Math.floor(x);
            double fy = y - row, fx = x - col;
            // Distance to the nearest joint centre line, in pixels.
            double courseHeight = 1.0 / rows / pixel, brickLength = 1.0 / cols / pixel;
            double d = Math.min(Math.min(fy, 1 - fy) * courseHeight, Math.min(fx, 1 - fx) * brickLength);
            double joints = mortar * courseHeight;
            double inBrick = Maths.smoothstep(joints - 0.5, joints + 0.5, d);
            long id = Hash.of(bricksSeed, Math.floorMod(row, rows), Math.floorMod(col, cols));
            double shade = 1 + spread * (2 * Hash.unit(id) - 1);
            double blotch = 0.08 * noise.fbm(s, t, 8, 8, 3, 0.5);
            double edge = 0.85 + 0.15 * Maths.smoothstep(joints, joints + 0.12 * courseHeight, d); // worn, darker arrises
            Rgb brick = clay.times(shade * edge + blotch).mix(clay.times(0.7), 0.3 * Hash.unit(Hash.mix(id))); // some fired darker
            double grit = ProceduralTextures.grit(noise, s, t, pixel);
            return joint.plus(0.04 * grit).mix(brick.plus(0.05 * grit), inBrick);
        };
    }
}
