package io.genkern.motion.io;

import io.genkern.GenkernException;
import io.genkern.motion.Kinematics;
import io.genkern.motion.Quat;
import io.genkern.motion.Skeleton;
import io.genkern.motion.Vec3;

import java.util.List;
import java.util.Locale;

/**
 * A motion read from a BVH file: its skeleton (joints only; End Sites are kept separately as
 * {@link #endSites}, each {joint index, x, y, z}: the offset of an End Site below that joint), the channels of every joint in file order, the frame time, and the raw channel
 * values of every frame (angles in degrees, lengths in the file's units).
 *
 * <p>Channel semantics are the usual ones: a joint's position channels (if any) are added to its
 * OFFSET; its rotation channels compose in the listed order (channels "Zrotation Xrotation Yrotation"
 * mean R = Rz·Rx·Ry); the rotation turns the offsets of the joint's children.
 */
public record BvhClip(Skeleton skeleton, List<List<String>> channels, double frameTime, double[][] values,
                      double[][] endSites) {
    public BvhClip {
        if (channels.size() != skeleton.joints()) {
            throw new GenkernException("BVH has channel lists for " + channels.size() + " joints but " + skeleton.joints() + " joints");
        }
        int width = channels.stream().mapToInt(List::size).sum();
        for (int t = 0; t < values.length; t++) {
            if (values[t].length != width) {
                throw new GenkernException("BVH frame " + t + " has " + values[t].length + " values, the hierarchy declares " + width + " channels");
            }
        }
        if (!(frameTime > 0)) throw new GenkernException("BVH frame time must be positive, got " + frameTime);
        channels = channels.stream().map(List::copyOf).toList();
    }

    public int frames() {
        return values.length;
    }

    public float fps() {
        return (float) (1 / frameTime);
    }

    /** Root translation and local rotation of every joint, per frame (joints with non-root position channels are not representable). */
    public Kinematics.Pose[] poses() {
        Kinematics.Pose[] out = new Kinematics.Pose[values.length];
        for (int t = 0; t < values.length; t++) {
            double[][] rotations = new double[skeleton.joints()][];
            double[][] translations = new double[skeleton.joints()][];
            decode(t, rotations, translations);
            out[t] = new Kinematics.Pose(translations[0], rotations);
        }
        return out;
    }

    /** World positions of every joint [T][J][3], multiplied by {@code scale} (e.g. 0.01 for a file in centimetres). */
    public float[][][] positions(double scale) {
        int n = skeleton.joints();
        float[][][] out = new float[values.length][n][];
        for (int t = 0; t < values.length; t++) {
            double[][] rotations = new double[n][];
            double[][] translations = new double[n][];
            decode(t, rotations, translations);
            double[][] global = new double[n][];
            double[][] pos = new double[n][];
            for (int j = 0; j < n; j++) {
                int p = skeleton.parent(j);
                pos[j] = p < 0 ? translations[j] : Vec3.add(pos[p], Quat.rotate(global[p], translations[j]));
                global[j] = p < 0 ? rotations[j] : Quat.mul(global[p], rotations[j]);
                out[t][j] = new float[] {(float) (pos[j][0] * scale), (float) (pos[j][1] * scale), (float) (pos[j][2] * scale)};
            }
        }
        return out;
    }

    /** Per joint of frame t: the local rotation and the translation from the parent (offset plus position channels). */
    private void decode(int t, double[][] rotations, double[][] translations) {
        int k = 0;
        for (int j = 0; j < skeleton.joints(); j++) {
            double[] translation = skeleton.offset(j);
            double[] rotation = Quat.identity();
            for (String channel : channels.get(j)) {
                double v = values[t][k++];
                String c = channel.toLowerCase(Locale.ROOT);
                int axis = c.charAt(0) - 'x';
                if (c.endsWith("position")) {
                    translation[axis] += v;
                } else {
                    double r = Math.toRadians(v);
                    rotation = Quat.mul(rotation, axis == 0 ? Quat.aboutX(r) : axis == 1 ? Quat.aboutY(r) : Quat.aboutZ(r));
                }
            }
            rotations[j] = rotation;
            translations[j] = translation;
        }
    }
}
