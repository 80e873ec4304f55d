package io.genkern.motion.metrics;

import io.genkern.GenkernException;
import io.genkern.motion.HumanMl3d;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fixed-length windows of motion put in their own frame (first frame's root at the origin, facing
 * +Z, floor at 0), so that two windows compare by what the body does, not where it stands. The
 * distance between two windows is the mean per-joint position error (metres) over the window.
 */
public final class MotionWindows {
    private final int length;
    private final List<float[]> windows = new ArrayList<>();
    private final List<Integer> owners = new ArrayList<>();

    /** Windows of {@code length} frames every {@code stride} frames of every motion [T][22][3]. */
    public MotionWindows(List<float[][][]> motions, int length, int stride) {
        if (length < 2 || stride < 1) throw new GenkernException("window length " + length + " must be ≥ 2 and stride " + stride + " ≥ 1");
        this.length = length;
        for (int m = 0; m < motions.size(); m++) {
            for (float[] w : windowsOf(motions.get(m), length, stride)) {
                windows.add(w);
                owners.add(m);
            }
        }
    }

    public int size() {
        return windows.size();
    }

    public int length() {
        return length;
    }

    /**
     * The canonical windows of one motion, flattened [length × 22 × 3]. A motion shorter than
     * {@code length} + 1 frames gives none.
     */
    public static List<float[]> windowsOf(float[][][] motion, int length, int stride) {
        List<float[]> out = new ArrayList<>();
        if (motion.length < length + 1) return out;
        float[][] features = HumanMl3d.toFeatures(motion);
        for (int s = 0; s + length <= features.length; s += stride) {
            float[][][] p = HumanMl3d.recoverFromRic(Arrays.copyOfRange(features, s, s + length));
            float[] flat = new float[length * HumanMl3d.JOINTS * 3];
            int k = 0;
            for (float[][] frame : p) for (float[] joint : frame) for (float v : joint) flat[k++] = v;
            out.add(flat);
        }
        return out;
    }

    /** Mean per-joint distance between two flattened windows, giving up (returning ∞) once above {@code bound}. */
    static double distance(float[] a, float[] b, double bound) {
        int joints = a.length / 3;
        double limit = bound * joints;
        double sum = 0;
        for (int i = 0; i < a.length; i += 3) {
            double dx = a[i] - b[i], dy = a[i + 1] - b[i + 1], dz = a[i + 2] - b[i + 2];
            sum += Math.sqrt(dx * dx + dy * dy + dz * dz);
            if (sum > limit) return Double.POSITIVE_INFINITY;
        }
        return sum / joints;
    }

    public static double distance(float[] a, float[] b) {
        if (a.length != b.length) throw new GenkernException("windows differ in size: " + a.length + " vs " + b.length);
        return distance(a, b, Double.POSITIVE_INFINITY);
    }

    /** Distance from {@code window} to the nearest window here, skipping windows of motion {@code excludeOwner} (−1: none). */
    public double nearest(float[] window, int excludeOwner) {
        if (window.length != length * HumanMl3d.JOINTS * 3) {
            throw new GenkernException("window has " + window.length + " values, expected " + length * HumanMl3d.JOINTS * 3);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < windows.size(); i++) {
            if (owners.get(i) == excludeOwner) continue;
            best = Math.min(best, distance(window, windows.get(i), best));
        }
        return best;
    }
}
