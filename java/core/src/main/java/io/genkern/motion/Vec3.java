package io.genkern.motion;

/** Small helpers on 3-vectors stored as {@code double[3]}; every method returns a new array. */
public final class Vec3 {
    private Vec3() {}

    public static double[] of(double x, double y, double z) {
        return new double[] {x, y, z};
    }

    public static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    public static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    public static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }

    /** {@code a + b * s}. */
    public static double[] addScaled(double[] a, double[] b, double s) {
        return new double[] {a[0] + b[0] * s, a[1] + b[1] * s, a[2] + b[2] * s};
    }

    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    public static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    public static double distance(double[] a, double[] b) {
        return norm(sub(a, b));
    }

    /** Unit vector along {@code a}; {@code fallback} when {@code a} is (nearly) zero. */
    public static double[] normalize(double[] a, double[] fallback) {
        double n = norm(a);
        return n < 1e-12 ? fallback.clone() : scale(a, 1 / n);
    }

    public static double[] lerp(double[] a, double[] b, double t) {
        return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }

    public static double[] of(float[] a) {
        return new double[] {a[0], a[1], a[2]};
    }
}
