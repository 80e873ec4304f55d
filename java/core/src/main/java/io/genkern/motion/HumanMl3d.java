package io.genkern.motion;

import io.genkern.GenkernException;

/**
 * The HumanML3D frame representation (Guo et al. 2022, as consumed by MDM): 263 features per frame
 * for the 22-joint {@link Skeleton#smpl22()} skeleton at 20 fps.
 *
 * <pre>
 * index     content
 * 0         root angular velocity about Y (radians per frame, half-angle form: asin of the yaw-step quaternion's y)
 * 1..2      root linear velocity (x, z) per frame, in the root's heading frame
 * 3         root height
 * 4..66     "ric": joints 1..21 relative to the root's x/z, in the root's heading frame (21 × 3)
 * 67..192   joints 1..21 rotations in 6D form (21 × 6), chain IK as {@link Kinematics#inverseChains}
 * 193..258  velocities of all 22 joints in the root's heading frame (22 × 3)
 * 259..262  foot contacts: left ankle, left toe, right ankle, right toe (1 = in contact)
 * </pre>
 *
 * <p>{@link #toFeatures} first canonicalises the motion like HumanML3D's {@code process_file}: floor
 * at y = 0, frame 0's root at the x/z origin, frame 0 facing +Z. A motion of T frames gives T − 1
 * feature frames (velocities look one frame ahead); {@link #recoverFromRic} inverts it to the first
 * T − 1 canonical frames. Two deliberate differences from the Python script: the facing direction is
 * computed with the hips' and the shoulders' right-to-left vectors added consistently (the script's
 * IK mixes the hip order, the bug later repositories fix with {@code fix_bug=True}), and the
 * canonical turn uses the smoothed facing of frame 0, so that the decoded heading starts exactly at
 * identity and decoding reproduces the canonical positions.
 */
public final class HumanMl3d {
    public static final int FEATURES = 263;
    public static final int JOINTS = Skeleton.SMPL_JOINTS;
    public static final float FPS = 20f;
    public static final int ROOT_ANGULAR_VELOCITY = 0;
    public static final int ROOT_LINEAR_VELOCITY = 1;
    public static final int ROOT_HEIGHT = 3;
    public static final int RIC = 4;
    public static final int ROTATIONS_6D = RIC + (JOINTS - 1) * 3;
    public static final int LOCAL_VELOCITIES = ROTATIONS_6D + (JOINTS - 1) * 6;
    public static final int FOOT_CONTACTS = LOCAL_VELOCITIES + JOINTS * 3;

    /** HumanML3D's {@code foot_detect} threshold on a foot joint's squared displacement per frame (m²). */
    public static final double FOOT_VELOCITY_THRESHOLD = 0.002;

    /** Rest bone directions of HumanML3D's chain IK ({@code t2m_raw_offsets}): arms hang down, feet point forward. */
    static final double[][] RAW_DIRECTIONS = {
        {0, 0, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, -1, 0}, {0, 1, 0}, {0, -1, 0}, {0, -1, 0},
        {0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {0, 1, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 0, 1}, {0, -1, 0}, {0, -1, 0},
        {0, -1, 0}, {0, -1, 0}, {0, -1, 0}, {0, -1, 0}
    };

    /** HumanML3D smooths the facing direction with a Gaussian of this many frames before taking headings. */
    private static final double FACING_SMOOTHING_SIGMA = 20;

    static {
        if (FOOT_CONTACTS + 4 != FEATURES) throw new AssertionError("feature layout does not add up to 263");
    }

    private HumanMl3d() {}

    /** Canonical form of {@code positions} [T][22][3]: floor at 0, frame 0 at the x/z origin facing +Z. */
    public static float[][][] canonicalize(float[][][] positions) {
        double[][][] p = canonicalPositions(positions);
        return toFloat(p);
    }

    /**
     * Features [T][263] of a motion [T][22][3] (T ≥ 2), one row per frame, so that
     * {@link #recoverFromRic} gives the whole motion back: the motion is extended by one frame that
     * continues its last step horizontally (heights held, so the floor level is unchanged), which
     * the last row's velocities describe.
     */
    public static float[][] toFeaturesEveryFrame(float[][][] positions) {
        requireTwoFrames(positions);
        int last = positions.length - 1;
        float[][][] extended = java.util.Arrays.copyOf(positions, positions.length + 1);
        extended[last + 1] = new float[positions[last].length][];
        for (int j = 0; j < positions[last].length; j++) {
            float[] a = positions[last - 1][j], b = positions[last][j];
            extended[last + 1][j] = new float[] {2 * b[0] - a[0], b[1], 2 * b[2] - a[2]};
        }
        return toFeatures(extended);
    }

    private static void requireTwoFrames(float[][][] positions) {
        if (positions == null || positions.length < 2) {
            throw new GenkernException("HumanML3D features need at least 2 frames, got " + (positions == null ? 0 : positions.length));
        }
    }

    /** Features [T − 1][263] of a motion [T][22][3] (T ≥ 2); see the class comment for the layout. */
    public static float[][] toFeatures(float[][][] positions) {
        requireTwoFrames(positions);
        double[][][] p = canonicalPositions(positions);
        int frames = p.length;
        double[][] heading = new double[frames][];
        double[][] forward = smoothedForward(p);
        for (int t = 0; t < frames; t++) heading[t] = Quat.between(forward[t], Vec3.of(0, 0, 1));

        float[][] out = new float[frames - 1][FEATURES];
        for (int t = 0; t < frames - 1; t++) {
            float[] f = out[t];
            double[] step = Quat.mul(heading[t + 1], Quat.inverse(heading[t]));
            f[ROOT_ANGULAR_VELOCITY] = (float) Math.asin(Math.max(-1, Math.min(1, step[0] < 0 ? -step[2] : step[2])));
            double[] rootVelocity = Quat.rotate(heading[t + 1], Vec3.sub(p[t + 1][0], p[t][0]));
            f[ROOT_LINEAR_VELOCITY] = (float) rootVelocity[0];
            f[ROOT_LINEAR_VELOCITY + 1] = (float) rootVelocity[2];
            f[ROOT_HEIGHT] = (float) p[t][0][1];
            double[] rootXz = Vec3.of(p[t][0][0], 0, p[t][0][2]);
            for (int j = 1; j < JOINTS; j++) {
                double[] ric = Quat.rotate(heading[t], Vec3.sub(p[t][j], rootXz));
                put(f, RIC + (j - 1) * 3, ric);
            }
            double[][] rotations = Kinematics.inverseChains(p[t], RAW_DIRECTIONS, Skeleton.SMPL_CHAINS, heading[t]);
            for (int j = 1; j < JOINTS; j++) {
                double[] six = Quat.to6d(rotations[j]);
                for (int k = 0; k < 6; k++) f[ROTATIONS_6D + (j - 1) * 6 + k] = (float) six[k];
            }
            for (int j = 0; j < JOINTS; j++) {
                put(f, LOCAL_VELOCITIES + j * 3, Quat.rotate(heading[t], Vec3.sub(p[t + 1][j], p[t][j])));
            }
            int[] feet = Skeleton.SMPL_FOOT_JOINTS;
            for (int k = 0; k < feet.length; k++) {
                double[] d = Vec3.sub(p[t + 1][feet[k]], p[t][feet[k]]);
                f[FOOT_CONTACTS + k] = Vec3.dot(d, d) < FOOT_VELOCITY_THRESHOLD ? 1f : 0f;
            }
        }
        return out;
    }

    /**
     * Joint positions [N][22][3] from features [N][263] (HumanML3D's {@code recover_from_ric}):
     * integrate the yaw velocity into a heading, integrate the root's x/z velocity, turn the ric
     * positions back by the heading and add the root's x/z.
     */
    public static float[][][] recoverFromRic(float[][] features) {
        checkFeatures(features);
        int n = features.length;
        float[][][] out = new float[n][JOINTS][];
        double angle = 0;
        double[] root = Vec3.of(0, 0, 0);
        for (int t = 0; t < n; t++) {
            if (t > 0) {
                angle += features[t - 1][ROOT_ANGULAR_VELOCITY];
                double[] inverseHeading = new double[] {Math.cos(angle), 0, -Math.sin(angle), 0};
                double[] v = Vec3.of(features[t - 1][ROOT_LINEAR_VELOCITY], 0, features[t - 1][ROOT_LINEAR_VELOCITY + 1]);
                root = Vec3.add(root, Quat.rotate(inverseHeading, v));
            }
            double[] inverseHeading = new double[] {Math.cos(angle), 0, -Math.sin(angle), 0};
            out[t][0] = new float[] {(float) root[0], features[t][ROOT_HEIGHT], (float) root[2]};
            for (int j = 1; j < JOINTS; j++) {
                int k = RIC + (j - 1) * 3;
                double[] world = Quat.rotate(inverseHeading, Vec3.of(features[t][k], features[t][k + 1], features[t][k + 2]));
                out[t][j] = new float[] {(float) (world[0] + root[0]), (float) world[1], (float) (world[2] + root[2])};
            }
        }
        return out;
    }

    /** Root heading of every frame (yaw quaternions, frame 0 = identity), integrated from feature 0. */
    public static double[][] headings(float[][] features) {
        checkFeatures(features);
        double[][] out = new double[features.length][];
        double angle = 0;
        for (int t = 0; t < features.length; t++) {
            if (t > 0) angle += features[t - 1][ROOT_ANGULAR_VELOCITY];
            out[t] = new double[] {Math.cos(angle), 0, Math.sin(angle), 0};
        }
        return out;
    }

    /** Chain-IK rotations [22][4] of feature frame t: the heading for the root, the 6D block for joints 1..21. */
    public static double[][] rotations(float[][] features, int t) {
        double[][] rot = new double[JOINTS][];
        rot[0] = headings(features)[t];
        for (int j = 1; j < JOINTS; j++) {
            double[] six = new double[6];
            for (int k = 0; k < 6; k++) six[k] = features[t][ROTATIONS_6D + (j - 1) * 6 + k];
            rot[j] = Quat.from6d(six);
        }
        return rot;
    }

    /** Flattens features [N][263] into C order, the layout of an [N, 263] .npy array. */
    public static float[] flatten(float[][] features) {
        checkFeatures(features);
        float[] out = new float[features.length * FEATURES];
        for (int t = 0; t < features.length; t++) System.arraycopy(features[t], 0, out, t * FEATURES, FEATURES);
        return out;
    }

    public static float[][] unflatten(float[] flat) {
        if (flat.length % FEATURES != 0) throw new GenkernException("flat features have " + flat.length + " values, not a multiple of 263");
        float[][] out = new float[flat.length / FEATURES][FEATURES];
        for (int t = 0; t < out.length; t++) System.arraycopy(flat, t * FEATURES, out[t], 0, FEATURES);
        return out;
    }

    static void checkFeatures(float[][] features) {
        if (features == null || features.length == 0) throw new GenkernException("feature sequence has no frames");
        for (int t = 0; t < features.length; t++) {
            if (features[t].length != FEATURES) {
                throw new GenkernException("feature frame " + t + " has " + features[t].length + " values, expected 263");
            }
        }
    }

    private static double[][][] canonicalPositions(float[][][] positions) {
        Motions.check(positions, JOINTS);
        int frames = positions.length;
        double[][][] p = new double[frames][JOINTS][];
        double floor = Double.POSITIVE_INFINITY;
        for (float[][] frame : positions) for (float[] q : frame) floor = Math.min(floor, q[1]);
        double x0 = positions[0][0][0];
        double z0 = positions[0][0][2];
        for (int t = 0; t < frames; t++) {
            for (int j = 0; j < JOINTS; j++) p[t][j] = Vec3.of(positions[t][j][0] - x0, positions[t][j][1] - floor, positions[t][j][2] - z0);
        }
        double[] turn = Quat.between(smoothedForward(p)[0], Vec3.of(0, 0, 1));
        for (double[][] frame : p) for (int j = 0; j < JOINTS; j++) frame[j] = Quat.rotate(turn, frame[j]);
        return p;
    }

    /** Facing direction per frame (up × (right-to-left across hips and shoulders)), Gaussian-smoothed in time. */
    static double[][] smoothedForward(double[][][] p) {
        int frames = p.length;
        double[][] raw = new double[frames][];
        int[] face = Skeleton.SMPL_FACE_JOINTS;
        for (int t = 0; t < frames; t++) {
            double[] across = Vec3.add(Vec3.sub(p[t][face[0]], p[t][face[1]]), Vec3.sub(p[t][face[2]], p[t][face[3]]));
            double[] fwd = Vec3.cross(Vec3.of(0, 1, 0), Vec3.normalize(across, Vec3.of(-1, 0, 0)));
            raw[t] = Vec3.normalize(fwd, Vec3.of(0, 0, 1));
        }
        int radius = (int) (4 * FACING_SMOOTHING_SIGMA + 0.5); // scipy's gaussian_filter1d truncation
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-i * i / (2 * FACING_SMOOTHING_SIGMA * FACING_SMOOTHING_SIGMA));
        double[][] out = new double[frames][];
        for (int t = 0; t < frames; t++) {
            double[] acc = new double[3];
            for (int i = -radius; i <= radius; i++) {
                double[] v = raw[Math.max(0, Math.min(frames - 1, t + i))]; // mode='nearest'
                double w = kernel[i + radius] / sum;
                acc[0] += w * v[0];
                acc[2] += w * v[2];
            }
            out[t] = Vec3.normalize(acc, raw[t]);
        }
        return out;
    }

    private static void put(float[] f, int at, double[] v) {
        f[at] = (float) v[0];
        f[at + 1] = (float) v[1];
        f[at + 2] = (float) v[2];
    }

    private static float[][][] toFloat(double[][][] p) {
        float[][][] out = new float[p.length][][];
        for (int t = 0; t < p.length; t++) {
            out[t] = new float[p[t].length][];
            for (int j = 0; j < p[t].length; j++) out[t][j] = Motions.toFloat(p[t][j]);
        }
        return out;
    }
}
