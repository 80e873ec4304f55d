package io.genkern.diffusion;

import java.util.Locale;

/**
 * What a denoiser predicts, for a variance-preserving sample x = a·x0 + b·ε (a = sqrt(ᾱ),
 * b = sqrt(1 − ᾱ), see {@link NoiseLevel}): the noise ε, the clean sample x0, or the velocity
 * v = a·ε − b·x0 (Salimans &amp; Ho). Conversions are exact and linear in (x, prediction).
 */
public enum Parametrisation {
    EPSILON,
    X0,
    V;

    /**
     * Coefficients {cx, cm} with x0 = cx·x + cm·prediction at the level (a, b):
     * ε: x0 = (x − b·ε)/a; x0: itself; v: x0 = a·x − b·v.
     */
    public double[] denoisedCoefficients(double a, double b) {
        return switch (this) {
            case EPSILON -> new double[] {1 / a, -b / a};
            case X0 -> new double[] {0, 1};
            case V -> new double[] {a, -b};
        };
    }

    /** x0 from this parametrisation's prediction for sample x at (a, b). */
    public double toX0(double x, double prediction, double a, double b) {
        double[] c = denoisedCoefficients(a, b);
        return c[0] * x + c[1] * prediction;
    }

    /** ε from this parametrisation's prediction for sample x at (a, b); needs b &gt; 0. */
    public double toEpsilon(double x, double prediction, double a, double b) {
        return switch (this) {
            case EPSILON -> prediction;
            case X0 -> (x - a * prediction) / b;
            case V -> b * x + a * prediction;
        };
    }

    /** This parametrisation's prediction given the clean sample x0 and the noise ε at (a, b). */
    public double fromX0AndEpsilon(double x0, double eps, double a, double b) {
        return switch (this) {
            case EPSILON -> eps;
            case X0 -> x0;
            case V -> a * eps - b * x0;
        };
    }

    /** Converts a prediction of this parametrisation into {@code target}'s, for sample x at (a, b). */
    public double convert(Parametrisation target, double x, double prediction, double a, double b) {
        if (target == this) return prediction;
        return target.fromX0AndEpsilon(toX0(x, prediction, a, b), toEpsilon(x, prediction, a, b), a, b);
    }

    /** "eps" / "epsilon", "x0" / "sample", "v" / "v_prediction" (diffusers' prediction_type names too). */
    public static Parametrisation byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "eps", "epsilon" -> EPSILON;
            case "x0", "sample" -> X0;
            case "v", "v_prediction" -> V;
            default -> throw new IllegalArgumentException("unknown parametrisation '" + name + "'; expected eps, x0 or v");
        };
    }
}
