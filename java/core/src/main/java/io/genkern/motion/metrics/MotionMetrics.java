package io.genkern.motion.metrics;

import io.genkern.GenkernException;
import io.genkern.motion.Motions;
import io.genkern.motion.Skeleton;

/**
 * Physical plausibility of one motion [T][22][3] (metres, Y up), without a learned evaluator. Lower
 * is better for all four; {@link LibraryReference} gives the values the procedural library itself
 * scores, the yardstick for generated motion.
 */
public final class MotionMetrics {
    /** A foot joint is in contact while it is at most this high above its own lowest point in the clip. */
    public static final double CONTACT_MARGIN = 0.025;

    private MotionMetrics() {}

    /**
     * Foot skating: mean horizontal speed (m/s) of the ankles and toes over the frame pairs in which the
     * joint is in contact at both ends (see {@link #CONTACT_MARGIN}). A planted foot scores 0.
     */
    public static double footSkating(float[][][] positions, float fps) {
        check(positions, fps);
        double sum = 0;
        long count = 0;
        for (int joint : Skeleton.SMPL_FOOT_JOINTS) {
            double lowest = Double.POSITIVE_INFINITY;
            for (float[][] frame : positions) lowest = Math.min(lowest, frame[joint][1]);
            double contact = lowest + CONTACT_MARGIN;
            for (int t = 0; t + 1 < positions.length; t++) {
                float[] a = positions[t][joint];
                float[] b = positions[t + 1][joint];
                if (a[1] > contact || b[1] > contact) continue;
                sum += Math.hypot(b[0] - a[0], b[2] - a[2]) * fps;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /** Floor penetration: mean over frames of how far (m) the lowest joint is below {@code floorY} (0 when above). */
    public static double floorPenetration(float[][][] positions, double floorY) {
        Motions.check(positions, positions[0].length);
        double sum = 0;
        for (float[][] frame : positions) {
            double lowest = Double.POSITIVE_INFINITY;
            for (float[] p : frame) lowest = Math.min(lowest, p[1]);
            sum += Math.max(0, floorY - lowest);
        }
        return sum / positions.length;
    }

    /** Jitter: mean magnitude of the third time derivative of joint positions (m/s³). */
    public static double jitter(float[][][] positions, float fps) {
        check(positions, fps);
        if (positions.length < 4) return 0;
        double sum = 0;
        long count = 0;
        double scale = (double) fps * fps * fps;
        for (int t = 0; t + 3 < positions.length; t++) {
            for (int j = 0; j < positions[t].length; j++) {
                double sq = 0;
                for (int c = 0; c < 3; c++) {
                    double d = positions[t + 3][j][c] - 3.0 * positions[t + 2][j][c] + 3.0 * positions[t + 1][j][c] - positions[t][j][c];
                    sq += d * d;
                }
                sum += Math.sqrt(sq) * scale;
                count++;
            }
        }
        return sum / count;
    }

    /**
     * The worst bone's change of length over the motion, relative to its median length: max over
     * bones of (longest − shortest) / median. 0 for a rigid skeleton; 0.15 when some bone grows by
     * 15% somewhere in the motion (a mean over bones and frames hides that).
     */
    public static double boneLengthChange(float[][][] positions, int[] parents) {
        Motions.check(positions, parents.length);
        double worst = 0;
        double[] lengths = new double[positions.length];
        for (int j = 0; j < parents.length; j++) {
            if (parents[j] < 0) continue;
            for (int t = 0; t < positions.length; t++) {
                float[] a = positions[t][j], b = positions[t][parents[j]];
                lengths[t] = Math.sqrt(sq(a[0] - b[0]) + sq(a[1] - b[1]) + sq(a[2] - b[2]));
            }
            double[] sorted = lengths.clone();
            java.util.Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            if (median > 1e-9) worst = Math.max(worst, (sorted[sorted.length - 1] - sorted[0]) / median);
        }
        return worst;
    }

    /** {@link #boneLengthChange(float[][][], int[])} on the SMPL 22-joint skeleton. */
    public static double boneLengthChange(float[][][] positions) {
        return boneLengthChange(positions, Skeleton.smpl22().parents());
    }

    private static double sq(double v) {
        return v * v;
    }

    private static void check(float[][][] positions, float fps) {
        if (!(fps > 0)) throw new GenkernException("fps must be positive, got " + fps);
        Motions.check(positions, Skeleton.SMPL_JOINTS);
    }
}
