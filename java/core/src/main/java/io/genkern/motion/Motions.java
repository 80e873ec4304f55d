package io.genkern.motion;

import io.genkern.GenkernException;

/** Checks and layout conversions for joint-position sequences {@code float[T][J][3]}. */
public final class Motions {
    private Motions() {}

    /** Throws unless {@code positions} is a non-empty [T][joints][3] array of finite values. */
    public static void check(float[][][] positions, int joints) {
        if (positions == null || positions.length == 0) throw new GenkernException("motion has no frames");
        for (int t = 0; t < positions.length; t++) {
            if (positions[t].length != joints) {
                throw new GenkernException("frame " + t + " has " + positions[t].length + " joints, expected " + joints);
            }
            for (int j = 0; j < joints; j++) {
                float[] p = positions[t][j];
                if (p.length != 3) throw new GenkernException("frame " + t + " joint " + j + " has " + p.length + " coordinates, expected 3");
                if (!Float.isFinite(p[0]) || !Float.isFinite(p[1]) || !Float.isFinite(p[2])) {
                    throw new GenkernException("frame " + t + " joint " + j + " is not finite: (" + p[0] + ", " + p[1] + ", " + p[2] + ")");
                }
            }
        }
    }

    /** C-order copy {@code [T * J * 3]}, the layout of a {@code [T, J, 3]} .npy array. */
    public static float[] flatten(float[][][] positions) {
        int joints = positions[0].length;
        float[] out = new float[positions.length * joints * 3];
        int k = 0;
        for (float[][] frame : positions) {
            for (float[] p : frame) {
                out[k++] = p[0];
                out[k++] = p[1];
                out[k++] = p[2];
            }
        }
        return out;
    }

    /** Inverse of {@link #flatten}. */
    public static float[][][] unflatten(float[] flat, int frames, int joints) {
        if (flat.length != frames * joints * 3) {
            throw new GenkernException("flat motion has " + flat.length + " values, expected " + frames + " x " + joints + " x 3");
        }
        float[][][] out = new float[frames][joints][3];
        int k = 0;
        for (int t = 0; t < frames; t++) for (int j = 0; j < joints; j++) for (int c = 0; c < 3; c++) out[t][j][c] = flat[k++];
        return out;
    }

    public static float[][][] copy(float[][][] positions) {
        float[][][] out = new float[positions.length][][];
        for (int t = 0; t < positions.length; t++) {
            out[t] = new float[positions[t].length][];
            for (int j = 0; j < positions[t].length; j++) out[t][j] = positions[t][j].clone();
        }
        return out;
    }

    /** Largest distance between corresponding joints of two equally shaped motions, in metres. */
    public static double maxJointError(float[][][] a, float[][][] b) {
        if (a.length != b.length || a[0].length != b[0].length) {
            throw new GenkernException("motions differ in shape: " + a.length + "x" + a[0].length + " vs " + b.length + "x" + b[0].length);
        }
        double worst = 0;
        for (int t = 0; t < a.length; t++) {
            for (int j = 0; j < a[t].length; j++) worst = Math.max(worst, Vec3.distance(Vec3.of(a[t][j]), Vec3.of(b[t][j])));
        }
        return worst;
    }

    static float[] toFloat(double[] v) {
        return new float[] {(float) v[0], (float) v[1], (float) v[2]};
    }
}
