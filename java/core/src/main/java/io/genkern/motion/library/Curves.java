package io.genkern.motion.library;

import java.util.SplittableRandom;

/** Smooth scalar profiles the generators build their trajectories from. */
final class Curves {
    private Curves() {}

    static double clamp01(double u) {
        return Math.max(0, Math.min(1, u));
    }

    /** Minimum-jerk blend 0 → 1 on [0, 1] (zero velocity and acceleration at both ends). */
    static double minJerk(double u) {
        u = clamp01(u);
        return u * u * u * (10 - 15 * u + 6 * u * u);
    }

    /** 0 → 1 → 0 bump on [0, 1] with zero slope at both ends. */
    static double bump(double u) {
        u = clamp01(u);
        double s = Math.sin(Math.PI * u);
        return s * s;
    }

    /** Smooth ramp: 0 before {@code start}, 1 after {@code start + length}. */
    static double ramp(double t, double start, double length) {
        return length <= 0 ? (t >= start ? 1 : 0) : minJerk((t - start) / length);
    }

    /** 1 inside [a, b], blending to 0 over {@code edge} seconds outside it. */
    static double window(double t, double a, double b, double edge) {
        return ramp(t, a - edge, edge) * (1 - ramp(t, b, edge));
    }

    /** Log-sum-exp soft minimum: smooth, and never above the true minimum. */
    static double softMin(double a, double b, double k) {
        double m = Math.min(a, b);
        return m - k * Math.log1p(Math.exp(-Math.abs(a - b) / k));
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** A smooth, band-limited random signal (three sinusoids), used as small style noise. */
    static final class Noise {
        private final double[] frequency = new double[3];
        private final double[] phase = new double[3];
        private final double amplitude;

        Noise(SplittableRandom rng, double amplitude, double maxHz) {
            this.amplitude = amplitude;
            for (int i = 0; i < 3; i++) {
                frequency[i] = uniform(rng, 0.15, maxHz);
                phase[i] = uniform(rng, 0, 2 * Math.PI);
            }
        }

        double at(double t) {
            double s = 0;
            for (int i = 0; i < 3; i++) s += Math.sin(2 * Math.PI * frequency[i] * t + phase[i]);
            return amplitude * s / 3;
        }
    }
}
