package io.genkern.image.sets;

/** The small shaping functions the textures share. */
final class Maths {
    private Maths() {}

    static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    /** 0 below {@code e0}, 1 above {@code e1}, a smooth cubic between. */
    static double smoothstep(double e0, double e1, double v) {
        double t = clamp01((v - e0) / (e1 - e0));
        return t * t * (3 - 2 * t);
    }

    static double fract(double v) {
        return v - Math.floor(v);
    }
}
