package io.genkern.image.sets;

/**
 * Gradient (Perlin) noise whose lattice wraps: {@link #at} repeats every {@code pu} cells in u and
 * {@code pv} in v, so a texture built from it over the unit square is seamlessly tileable.
 * Gradients come from a hash of the lattice point, so values do not depend on evaluation order.
 */
final class PeriodicNoise {
    private static final int DIRECTIONS = 64;
    private static final double[] GX = new double[DIRECTIONS], GY = new double[DIRECTIONS];

    static {
        for (int i = 0; i < DIRECTIONS; i++) {
            double a = 2 * Math.PI * (i + 0.5) / DIRECTIONS; // StrictMath: the same table on every machine
            GX[i] = StrictMath.cos(a);
            GY[i] = StrictMath.sin(a);
        }
    }

    private final long seed;

    PeriodicNoise(long seed) {
        this.seed = seed;
    }

    /** Noise at lattice coordinates (u, v), about [-1, 1], periodic with periods pu and pv. */
    double at(double u, double v, int pu, int pv) {
        double u0 = Math.floor(u), v0 = Math.floor(v);
        double du = u - u0, dv = v - v0;
        int iu = Math.floorMod((long) u0, pu), iv = Math.floorMod((long) v0, pv);
        int iu1 = iu + 1 == pu ? 0 : iu + 1, iv1 = iv + 1 == pv ? 0 : iv + 1;
        long lattice = (long) pu << 32 | pv; // octaves get different gradients
        double n00 = dot(lattice, iu, iv, du, dv), n10 = dot(lattice, iu1, iv, du - 1, dv);
        double n01 = dot(lattice, iu, iv1, du, dv - 1), n11 = dot(lattice, iu1, iv1, du - 1, dv - 1);
        double fu = fade(du), fv = fade(dv);
        // 2D gradient noise with unit gradients peaks near ±0.7; scale to about ±1.
        return 1.4 * Maths.lerp(Maths.lerp(n00, n10, fu), Maths.lerp(n01, n11, fu), fv);
    }

    /**
     * Fractal sum over the unit square (s, t in [0, 1), period 1): octave o has fu·2^o by fv·2^o
     * cells and amplitude gain^o; normalised to about [-1, 1].
     */
    double fbm(double s, double t, int fu, int fv, int octaves, double gain) {
        return sum(s, t, fu, fv, octaves, gain, false);
    }

    /** Like {@link #fbm} but of |noise| (in [0, 1]): the creased "turbulence" that marble veins follow. */
    double turbulence(double s, double t, int fu, int fv, int octaves, double gain) {
        return sum(s, t, fu, fv, octaves, gain, true);
    }

    private double sum(double s, double t, int fu, int fv, int octaves, double gain, boolean abs) {
        double total = 0, norm = 0, amp = 1;
        for (int o = 0; o < octaves; o++) {
            int pu = fu << o, pv = fv << o;
            // Offset each octave's lattice by a different fraction of a cell: were all octaves' lattice lines to meet at the
            // image edges, where gradient noise changes fastest, the edges would look like seams.
            double n = at(s * pu + Maths.fract(0.618034 * (o + 1)), t * pv + Maths.fract(0.414214 * (o + 1)), pu, pv);
            total += amp * (abs ? Math.abs(n) : n);
            norm += amp;
            amp *= gain;
        }
        return total / norm;
    }

    private double dot(long lattice, int iu, int iv, double du, double dv) {
        int k = (int) (Hash.of(seed, lattice, (long) iu << 32 | iv) >>> 58);
        return GX[k] * du + GY[k] * dv;
    }

    private static double fade(double t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }

    /** How many octaves from base frequency {@code f} stay at or below {@code maxFrequency} (finer ones only alias). */
    static int octavesBelow(int f, int maxFrequency, int wanted) {
        int o = 1;
        while (o < wanted && (f << o) <= maxFrequency) o++;
        return o;
    }
}
