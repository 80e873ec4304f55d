package io.genkern.image.sets;

import java.util.List;
import java.util.SplittableRandom;

import static io.genkern.image.sets.ProceduralTextures.between;
import static io.genkern.image.sets.ProceduralTextures.pick;

/**
 * Worley (Voronoi) cells on a torus: one jittered seed point per grid cell, distances taken with
 * wrap-around, so the cells straddling an edge continue on the opposite one.
 */
final class Cells {
    private Cells() {}

    private enum Style { TISSUE, STONE, GLASS }

    static ProceduralTextures.Texture random(SplittableRandom rng) {
        int n = 3 + rng.nextInt(6);
        double jitter = between(rng, 0.6, 0.95);
        double[] px = new double[n * n], py = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            px[i] = (i % n + 0.5 + jitter * (rng.nextDouble() - 0.5)) / n;
            py[i] = (i / n + 0.5 + jitter * (rng.nextDouble() - 0.5)) / n;
        }
        Style style = pick(rng, List.of(Style.values()));
        double hue = rng.nextDouble();
        Rgb border = switch (style) {
            case TISSUE -> Rgb.hsv(hue + 0.05, 0.6, 0.35);
            case STONE -> Rgb.grey(between(rng, 0.15, 0.3));
            case GLASS -> Rgb.grey(0.05);
        };
        double width = between(rng, 0.03, 0.07); // border half-width as a fraction of a cell
        long cellsSeed = rng.nextLong();
        PeriodicNoise noise = new PeriodicNoise(rng.nextLong());
        return (s0, t0, pixel) -> {
            // Half a cell over, so the image edges do not run along the grid lines, where borders crowd.
            double s = s0 + 0.5 / n, t = t0 + 0.5 / n;
            // Nearest and second-nearest seed points among the 3×3 grid cells around (s, t).
            int cx = (int) Math.floor(s * n), cy = (int) Math.floor(t * n);
            double best = Double.MAX_VALUE, second = Double.MAX_VALUE;
            double bx = 0, by = 0, sx = 0, sy = 0;
            int id = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int gx = cx + dx, gy = cy + dy, k = Math.floorMod(gy, n) * n + Math.floorMod(gx, n);
                    // The seed point's copy next to (s, t): shift by whole periods when the grid index wrapped.
                    double qx = px[k] + Math.floorDiv(gx, n), qy = py[k] + Math.floorDiv(gy, n);
                    double d2 = (qx - s) * (qx - s) + (qy - t) * (qy - t);
                    if (d2 < best) {
                        second = best;
                        sx = bx;
                        sy = by;
                        best = d2;
                        bx = qx;
                        by = qy;
                        id = k;
                    } else if (d2 < second) {
                        second = d2;
                        sx = qx;
                        sy = qy;
                    }
                }
            }
            // Distance to the bisector between the two nearest points: the cell border, in pixels.
            double edge = (second - best) / (2 * Math.sqrt((sx - bx) * (sx - bx) + (sy - by) * (sy - by))) / pixel;
            double half = width / n / pixel;
            double inCell = Maths.smoothstep(half - 0.5, half + 0.5, edge);
            double r = Hash.unit(Hash.of(cellsSeed, id)), centre = Math.sqrt(best) * n; // 0 at the seed point, about 0.7 at borders
            Rgb cell = switch (style) {
                case TISSUE -> Rgb.hsv(hue + 0.06 * r, 0.35 + 0.2 * r, 0.85 - 0.35 * centre);
                case STONE -> Rgb.hsv(hue, 0.12, 0.45 + 0.3 * r).times(1.1 - 0.3 * centre);
                case GLASS -> Rgb.hsv(hue + r * 0.8, 0.75, 0.9 - 0.25 * centre);
            };
            double grit = 0.03 * ProceduralTextures.grit(noise, s, t, pixel) + 0.05 * noise.fbm(s, t, 2 * n, 2 * n, 2, 0.5);
            return border.mix(cell.plus(grit), inCell);
        };
    }
}
