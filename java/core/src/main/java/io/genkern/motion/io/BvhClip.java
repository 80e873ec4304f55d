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

    /**
     * The motion as SMPL 22-joint positions [T][22][3] in metres at {@code fps}: joints taken by
     * name (as genkern's own BVH files name them, any case), the file's frame time resampled by
     * linear interpolation, and its units found from the body's size (metres or centimetres, the
     * first frame's top joint to lowest foot). A skeleton without the SMPL joint names, or of no
     * plausible size, is refused with what is missing.
     */
    public float[][][] smplPositions(float fps) {
        Skeleton smpl = Skeleton.smpl22();
        int[] source = new int[Skeleton.SMPL_JOINTS];
        List<String> missing = new java.util.ArrayList<>();
        for (int j = 0; j < source.length; j++) {
            source[j] = -1;
            for (int k = 0; k < skeleton.joints(); k++) {
                if (skeleton.name(k).equalsIgnoreCase(smpl.name(j))) source[j] = k;
            }
            if (source[j] < 0) missing.add(smpl.name(j));
        }
        if (!missing.isEmpty()) {
            throw new GenkernException("this BVH's skeleton lacks the SMPL joints " + missing + " (it has " + skeleton.joints()
                    + " joints, e.g. '" + skeleton.name(0) + "'); use a BVH written by genkern or with SMPL joint names");
        }
        float[][][] all = positions(1.0);
        double top = Double.NEGATIVE_INFINITY, bottom = Double.POSITIVE_INFINITY;
        for (int j = 0; j < source.length; j++) {
            top = Math.max(top, all[0][source[j]][1]);
            bottom = Math.min(bottom, all[0][source[j]][1]);
        }
        double height = top - bottom, scale = height >= 0.8 && height <= 2.6 ? 1 : height >= 80 && height <= 260 ? 0.01 : 0;
        if (scale == 0) {
            throw new GenkernException(String.format(Locale.ROOT, "this BVH's figure is %.3g units tall in its first frame; "
                    + "expected a body of 0.8-2.6 m (metres) or 80-260 (centimetres)", height));
        }
        // Frame times are written rounded (1/60 as 0.016667): allow that much in the last frame.
        double span = (values.length - 1) * frameTime * fps;
        int frames = (int) Math.floor(span * (1 + 1e-4) + 1e-9) + 1;
        float[][][] out = new float[frames][Skeleton.SMPL_JOINTS][3];
        for (int t = 0; t < frames; t++) {
            double at = Math.min(values.length - 1, t / (fps * frameTime));  // source frame of output frame t
            int i = (int) Math.floor(at);
            int i1 = Math.min(values.length - 1, i + 1);
            double u = at - i;
            for (int j = 0; j < source.length; j++) {
                for (int c = 0; c < 3; c++) {
                    out[t][j][c] = (float) (scale * ((1 - u) * all[i][source[j]][c] + u * all[i1][source[j]][c]));
                }
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
