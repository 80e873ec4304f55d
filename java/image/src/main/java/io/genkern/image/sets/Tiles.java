package io.genkern.image.sets;

import java.util.SplittableRandom;

import static io.genkern.image.sets.ProceduralTextures.between;

/** Square glazed tiles in a grid with grout; one glaze or a two-glaze checkerboard, each tile slightly different. */
final class Tiles {
    private Tiles() {}

    static ProceduralTextures.Texture random(SplittableRandom rng) {
        boolean checker = rng.nextDouble() < 0.35;
        int n = checker ? 2 * (1 + rng.nextInt(3)) : 2 + rng.nextInt(5); // a checkerboard needs an even count to wrap
        double grout = between(rng, 0.025, 0.06); // half-width as a fraction of a tile
        double hue = rng.nextDouble();
        Rgb glaze = Rgb.hsv(hue, between(rng, 0.15, 0.7), between(rng, 0.55, 0.9));
        // Checkerboards pair the glaze with an off-white or a charcoal, as real ones do.
        Rgb second = !checker ? glaze : rng.nextBoolean() ? Rgb.hsv(hue, 0.05, between(rng, 0.88, 0.95)) : Rgb.hsv(hue, 0.1, between(rng, 0.12, 0.22));
        Rgb groutColour = Rgb.grey(rng.nextDouble() < 0.7 ? between(rng, 0.6, 0.85) : between(rng, 0.15, 0.3));
        double spread = between(rng, 0.03, 0.1);
        long tilesSeed = rng.nextLong();
        PeriodicNoise noise = new PeriodicNoise(rng.nextLong());
        return (s, t, pixel) -> {
            double x = s * n + 0.5, y = t * n + 0.5; // the image edges run through tile middles
            int col = (int) Math.floor(x), row = (int) Math.floor(y);
            double fx = x - col, fy = y - row;
            double tile = 1.0 / n / pixel;
            double d = Math.min(Math.min(fx, 1 - fx), Math.min(fy, 1 - fy)) * tile;
            double inTile = Maths.smoothstep(grout * tile - 0.5, grout * tile + 0.5, d);
            long id = Hash.of(tilesSeed, Math.floorMod(row, n), Math.floorMod(col, n));
            Rgb base = (Math.floorMod(row + col, 2) == 0 ? glaze : second).times(1 + spread * (2 * Hash.unit(id) - 1));
            // A soft sheen towards one corner and a darker, rounded rim: glaze pooled over a pressed tile.
            double sheen = 0.07 * (1 - fx - fy);
            double rim = 0.8 + 0.2 * Maths.smoothstep(grout * tile, grout * tile + 0.08 * tile, d);
            double mottle = 0.03 * noise.fbm(s, t, 2 * n, 2 * n, 3, 0.5);
            double grit = ProceduralTextures.grit(noise, s, t, pixel);
            return groutColour.plus(0.05 * grit).mix(base.times(rim).plus(sheen + mottle + 0.015 * grit), inTile);
        };
    }
}
