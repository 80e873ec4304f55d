package io.genkern.motion.library;

import java.util.function.DoubleUnaryOperator;

/**
 * The ground path of the body: heading and x/z position over time, integrated from a forward speed,
 * a sideways speed (positive to the left) and a turning rate, all in the body's own heading frame.
 * Tabulated at 100 Hz (midpoint rule) with a margin before 0 and after the end, because footsteps are planned from
 * where the body will be in the middle of each stance, which may lie outside the clip.
 */
final class RootPath {
    private static final double RATE = 100;
    private static final double MARGIN = 2.5;

    private final double[] x;
    private final double[] z;
    private final double[] yaw;

    RootPath(double seconds, double startYaw, DoubleUnaryOperator forward, DoubleUnaryOperator side, DoubleUnaryOperator yawRate) {
        int n = (int) Math.ceil((seconds + 2 * MARGIN) * RATE) + 2;
        x = new double[n];
        z = new double[n];
        yaw = new double[n];
        int zero = (int) Math.round(MARGIN * RATE);
        // Integrate forwards from t = 0 and backwards from t = 0 so that the clip starts at the origin.
        yaw[zero] = startYaw;
        for (int i = zero + 1; i < n; i++) step(i, i - 1, 1 / RATE, forward, side, yawRate);
        for (int i = zero - 1; i >= 0; i--) step(i, i + 1, -1 / RATE, forward, side, yawRate);
    }

    private void step(int to, int from, double dt, DoubleUnaryOperator forward, DoubleUnaryOperator side, DoubleUnaryOperator yawRate) {
        double tMid = time(from) + dt / 2;
        double h = yaw[from] + yawRate.applyAsDouble(tMid) * dt / 2;
        double f = forward.applyAsDouble(tMid);
        double s = side.applyAsDouble(tMid);
        // Heading h faces (sin h, cos h); its left is (cos h, -sin h).
        x[to] = x[from] + (f * Math.sin(h) + s * Math.cos(h)) * dt;
        z[to] = z[from] + (f * Math.cos(h) - s * Math.sin(h)) * dt;
        yaw[to] = yaw[from] + yawRate.applyAsDouble(tMid) * dt;
    }

    private static double time(int i) {
        return i / RATE - MARGIN;
    }

    double x(double t) {
        return sample(x, t);
    }

    double z(double t) {
        return sample(z, t);
    }

    double yaw(double t) {
        return sample(yaw, t);
    }

    /** A point given in the heading frame at time t ({@code left} towards the body's left), in world x/z. */
    double[] local(double t, double left, double ahead) {
        double h = yaw(t);
        return new double[] {x(t) + left * Math.cos(h) + ahead * Math.sin(h), z(t) - left * Math.sin(h) + ahead * Math.cos(h)};
    }

    private static double sample(double[] table, double t) {
        double u = (t + MARGIN) * RATE;
        int i = (int) Math.floor(u);
        if (i < 0) return table[0];
        if (i >= table.length - 1) return table[table.length - 1];
        double f = u - i;
        return table[i] * (1 - f) + table[i + 1] * f;
    }
}
