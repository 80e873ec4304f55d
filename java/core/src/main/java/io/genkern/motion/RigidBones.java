package io.genkern.motion;

import io.genkern.GenkernException;

import java.util.Arrays;

/**
 * Puts a motion given as joint positions onto one skeleton whose bones keep their lengths: every
 * bone keeps the direction the motion gives it and takes one length for the whole motion. Decoded
 * HumanML3D features do not bind bone lengths, and the generator blends clips of actors of
 * different sizes; without this a figure grows or shrinks by 10-18% between the parts of a motion.
 */
public final class RigidBones {
    private RigidBones() {}

    /** Each bone's median length over the frames ({@code lengths[j]}: joint j to its parent; 0 at the root). */
    public static double[] medianLengths(float[][][] positions, Skeleton skeleton) {
        Motions.check(positions, skeleton.joints());
        double[] lengths = new double[skeleton.joints()];
        double[] perFrame = new double[positions.length];
        for (int j = 1; j < lengths.length; j++) {
            int parent = skeleton.parent(j);
            for (int t = 0; t < positions.length; t++) perFrame[t] = distance(positions[t][j], positions[t][parent]);
            double[] sorted = perFrame.clone();
            Arrays.sort(sorted);
            lengths[j] = sorted[sorted.length / 2];
        }
        return lengths;
    }

    /** The motion on the skeleton with its own median bone lengths (see {@link #withLengths}). */
    public static float[][][] apply(float[][][] positions, Skeleton skeleton) {
        return withLengths(positions, skeleton, medianLengths(positions, skeleton));
    }

    /**
     * The motion with bone j at {@code lengths[j]} in every frame, pointing where the motion points
     * it (the rest offset's direction where the motion's bone has no length). Each frame is then
     * moved vertically so that its lowest foot joint stays at its height in the input: contacts
     * and floor clearance are kept while the legs change length. The input is not modified.
     */
    public static float[][][] withLengths(float[][][] positions, Skeleton skeleton, double[] lengths) {
        Motions.check(positions, skeleton.joints());
        if (lengths.length != skeleton.joints()) {
            throw new GenkernException(lengths.length + " bone lengths for a skeleton of " + skeleton.joints() + " joints");
        }
        boolean smpl = skeleton.joints() == Skeleton.SMPL_JOINTS;
        float[][][] out = new float[positions.length][skeleton.joints()][];
        for (int t = 0; t < positions.length; t++) {
            float[][] in = positions[t], frame = out[t];
            frame[0] = in[0].clone();
            for (int j = 1; j < frame.length; j++) {
                int parent = skeleton.parent(j);
                double[] d = {in[j][0] - in[parent][0], in[j][1] - in[parent][1], in[j][2] - in[parent][2]};
                double norm = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                if (norm < 1e-9) {
                    d = skeleton.offset(j);
                    norm = Math.max(1e-12, Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]));
                }
                double s = lengths[j] / norm;
                frame[j] = new float[] {(float) (frame[parent][0] + d[0] * s), (float) (frame[parent][1] + d[1] * s),
                    (float) (frame[parent][2] + d[2] * s)};
            }
            if (smpl) {
                float lift = lowestFoot(in) - lowestFoot(frame);
                for (float[] joint : frame) joint[1] += lift;
            }
        }
        return out;
    }

    private static float lowestFoot(float[][] frame) {
        float low = Float.POSITIVE_INFINITY;
        for (int j : Skeleton.SMPL_FOOT_JOINTS) low = Math.min(low, frame[j][1]);
        return low;
    }

    private static double distance(float[] a, float[] b) {
        double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
