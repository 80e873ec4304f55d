package io.genkern.image.sets;

import java.util.SplittableRandom;

/** A linear colour with components nominally in [0, 1]. */
record Rgb(double r, double g, double b) {
    static Rgb grey(double v) {
        return new Rgb(v, v, v);
    }

    /** From hue (turns, any value), saturation and value in [0, 1]. */
    static Rgb hsv(double h, double s, double v) {
        double hh = Maths.fract(h) * 6;
        int sector = (int) hh;
        double f = hh - sector, p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        return switch (sector) {
            case 0 -> new Rgb(v, t, p);
            case 1 -> new Rgb(q, v, p);
            case 2 -> new Rgb(p, v, t);
            case 3 -> new Rgb(p, q, v);
            case 4 -> new Rgb(t, p, v);
            default -> new Rgb(v, p, q);
        };
    }

    Rgb times(double k) {
        return new Rgb(r * k, g * k, b * k);
    }

    Rgb plus(double d) {
        return new Rgb(r + d, g + d, b + d);
    }

    Rgb mix(Rgb o, double t) {
        return new Rgb(Maths.lerp(r, o.r, t), Maths.lerp(g, o.g, t), Maths.lerp(b, o.b, t));
    }

    /** This colour with each component moved by up to ±{@code amount}, so palettes vary from image to image. */
    Rgb jitter(SplittableRandom rng, double amount) {
        return new Rgb(r + amount * (2 * rng.nextDouble() - 1), g + amount * (2 * rng.nextDouble() - 1), b + amount * (2 * rng.nextDouble() - 1));
    }
}
