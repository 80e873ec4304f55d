package io.genkern.motion.generate;

import io.genkern.io.TextFiles;
import io.genkern.GenkernException;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.Quat;
import io.genkern.motion.Vec3;
import io.genkern.motion.Skeleton;
import io.genkern.motion.io.BvhReader;
import io.genkern.motion.io.MotionNpy;
import io.genkern.motion.library.MotionLibrary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds {@link MotionControl}s (PriorMDM's "draw lines for joints", keyframes, editing) as
 * inpainting of HumanML3D features, and reads them from a control file. Coordinates are metres in
 * the motion's own frame: it starts at the origin facing +Z, Y up, frames at 20 fps.
 *
 * <pre>
 * # control file: one directive per line, '#' starts a comment
 * root FRAME X Z               pelvis over (X, Z) at FRAME; consecutive root lines form a path, walked
 *                              at constant speed between them, the body facing along it
 * joint NAME FRAME X Y Z       joint NAME (e.g. right_wrist) at (X, Y, Z) relative to the pelvis's floor
 *                              point, in the body's heading frame (+Z ahead, +X to its left); consecutive
 *                              lines of one joint are joined linearly
 * keyframe FRAME POSE.npy      a whole pose [22, 3] (positions; only its shape relative to its pelvis counts)
 * edit MOTION KEEP             keep the lower or upper body (KEEP = lower|upper) of MOTION (.bvh or a
 *                              positions .npy [T, 22, 3]) and generate the rest
 * </pre>
 * A root path is followed exactly when it starts at frame 0; starting later, its shape (speeds and
 * turns) is followed from wherever the body is.
 */
public final class MotionControls {
    private static final int F = HumanMl3d.FEATURES;
    private static final int[] LOWER_BODY = {Skeleton.LEFT_HIP, Skeleton.RIGHT_HIP, Skeleton.LEFT_KNEE, Skeleton.RIGHT_KNEE,
        Skeleton.LEFT_ANKLE, Skeleton.RIGHT_ANKLE, Skeleton.LEFT_FOOT, Skeleton.RIGHT_FOOT};

    private MotionControls() {}

    /** A floor path for the pelvis: {@code points[i] = {frame, x, z}}, frames increasing. */
    public static MotionControl rootPath(int frames, double[][] points) {
        if (points.length < 2) throw new GenkernException("a root path needs at least two points, got " + points.length);
        int first = (int) points[0][0], last = (int) points[points.length - 1][0];
        checkFrames(first, last, frames, "root path");
        for (int i = 1; i < points.length; i++) {
            if (points[i][0] <= points[i - 1][0]) {
                throw new GenkernException("root path frames must increase: " + (int) points[i - 1][0] + " then " + (int) points[i][0]);
            }
        }
        // Invert recover_from_ric's integration: the heading accumulator a (half the yaw, sign
        // flipped) turns to follow the path's tangent, relative to the body's heading at `first`;
        // each step's velocity is the displacement seen from the heading the decoder will use.
        double[] a = new double[last - first + 1];
        double start = 0, previous = 0;
        for (int k = 0; k <= last - first; k++) {
            double[] ahead = pathPoint(points, Math.min(first + k + 1, last)), behind = pathPoint(points, Math.max(first + k - 1, first));
            double facing = Math.atan2(ahead[0] - behind[0], ahead[1] - behind[1]);
            if (k == 0) start = facing;
            else facing = previous + Math.IEEEremainder(facing - previous, 2 * Math.PI); // unwrap
            previous = facing;
            a[k] = -(facing - start) / 2;
        }
        float[][] mask = new float[frames][F], known = new float[frames][F];
        for (int t = first; t < last; t++) {
            double[] from = pathPoint(points, t), to = pathPoint(points, t + 1);
            double next = a[t + 1 - first];
            double[] v = Quat.rotate(new double[] {Math.cos(next), 0, Math.sin(next), 0}, Vec3.of(to[0] - from[0], 0, to[1] - from[1]));
            known[t][HumanMl3d.ROOT_ANGULAR_VELOCITY] = (float) (next - a[t - first]);
            known[t][HumanMl3d.ROOT_LINEAR_VELOCITY] = (float) v[0];
            known[t][HumanMl3d.ROOT_LINEAR_VELOCITY + 1] = (float) v[2];
            for (int f = HumanMl3d.ROOT_ANGULAR_VELOCITY; f < HumanMl3d.ROOT_HEIGHT; f++) mask[t][f] = 1;
        }
        return new MotionControl(mask, known, "root path over frames " + first + "–" + last);
    }

    /**
     * A turn of {@code degrees} (positive: to the left) at an even rate over frames [from, to): the
     * root's angular velocity is fixed there (half the yaw per frame, sign flipped, as
     * recover_from_ric integrates it); everything else, the steps included, is generated.
     */
    public static MotionControl turn(int frames, int from, int to, double degrees) {
        checkFrames(from, to - 1, frames, "turn");
        if (to - from < 1 || !Double.isFinite(degrees)) throw new GenkernException("a turn of " + degrees + "° over frames " + from + "–" + to);
        float[][] mask = new float[frames][F], known = new float[frames][F];
        for (int t = from; t < to; t++) {
            known[t][HumanMl3d.ROOT_ANGULAR_VELOCITY] = (float) (-Math.toRadians(degrees) / 2 / (to - from));
            mask[t][HumanMl3d.ROOT_ANGULAR_VELOCITY] = 1;
        }
        return new MotionControl(mask, known, String.format(java.util.Locale.ROOT, "turn %.0f° over frames %d–%d", degrees, from, to));
    }

    /** A joint's pelvis-relative path in the heading frame: {@code points[i] = {frame, x, y, z}}. */
    public static MotionControl jointPath(int frames, int joint, double[][] points) {
        if (joint < 1 || joint >= HumanMl3d.JOINTS) throw new GenkernException("joint " + joint + " cannot be controlled (1..21; the pelvis takes a root path)");
        if (points.length < 1) throw new GenkernException("a joint path needs at least one point");
        int first = (int) points[0][0], last = (int) points[points.length - 1][0];
        checkFrames(first, last, frames, "joint path");
        float[][] mask = new float[frames][F], known = new float[frames][F];
        int base = HumanMl3d.RIC + (joint - 1) * 3;
        for (int t = first; t <= last; t++) {
            double[] p = interpolate(points, t);
            for (int d = 0; d < 3; d++) {
                mask[t][base + d] = 1;
                known[t][base + d] = (float) p[d];
            }
        }
        return new MotionControl(mask, known, Skeleton.smpl22().name(joint) + " path over frames " + first + "–" + last);
    }

    /** A pose [22][3] at a frame: its pelvis-relative joint positions (ric) and root height are fixed. */
    public static MotionControl keyframe(int frames, int frame, float[][] pose) {
        checkFrames(frame, frame, frames, "keyframe");
        float[][][] two = {pose, pose};
        float[] features = HumanMl3d.toFeatures(two)[0];
        float[][] mask = new float[frames][F], known = new float[frames][F];
        for (int f = HumanMl3d.ROOT_HEIGHT; f < HumanMl3d.ROTATIONS_6D; f++) {
            mask[frame][f] = 1;
            known[frame][f] = features[f];
        }
        return new MotionControl(mask, known, "keyframe at frame " + frame);
    }

    /** Keep the lower (legs and root) or upper body of {@code positions} [T][22][3]; generate the rest. */
    public static MotionControl edit(int frames, float[][][] positions, boolean keepLower) {
        if (positions.length < 2) throw new GenkernException("the motion to edit has " + positions.length + " frames; needs at least 2");
        float[][] features = HumanMl3d.toFeatures(positions);
        boolean[] lower = new boolean[HumanMl3d.JOINTS];
        for (int j : LOWER_BODY) lower[j] = true;
        float[][] mask = new float[frames][F], known = new float[frames][F];
        for (int t = 0; t < frames; t++) {
            float[] src = features[Math.min(t, features.length - 1)];
            for (int j = 0; j < HumanMl3d.JOINTS; j++) {
                boolean keep = (j == Skeleton.PELVIS || lower[j]) == keepLower;
                if (!keep) continue;
                if (j == Skeleton.PELVIS) {
                    for (int f = 0; f < HumanMl3d.RIC; f++) set(mask, known, t, f, src);
                } else {
                    for (int d = 0; d < 3; d++) set(mask, known, t, HumanMl3d.RIC + (j - 1) * 3 + d, src);
                    for (int d = 0; d < 6; d++) set(mask, known, t, HumanMl3d.ROTATIONS_6D + (j - 1) * 6 + d, src);
                }
                for (int d = 0; d < 3; d++) set(mask, known, t, HumanMl3d.LOCAL_VELOCITIES + j * 3 + d, src);
            }
            if (keepLower) for (int f = HumanMl3d.FOOT_CONTACTS; f < F; f++) set(mask, known, t, f, src);
        }
        return new MotionControl(mask, known, "edit keeping the " + (keepLower ? "lower" : "upper") + " body");
    }

    /** Reads a control file (format above) for a motion of {@code frames} frames. */
    public static MotionControl read(Path file, int frames) {
        List<String> lines = TextFiles.read("control file ", file).lines().toList();
        List<double[]> root = new ArrayList<>();
        Map<Integer, List<double[]>> joints = new LinkedHashMap<>();
        MotionControl control = MotionControl.none(frames);
        Skeleton skeleton = Skeleton.smpl22();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replaceAll("#.*", "").trim();
            if (line.isEmpty()) continue;
            String[] w = line.split("\\s+");
            String where = file + ":" + (n + 1) + ": ";
            try {
                switch (w[0].toLowerCase(Locale.ROOT)) {
                    case "root" -> {
                        arity(w, 4, where, "root FRAME X Z");
                        root.add(new double[] {frame(w[1], where), number(w[2], where), number(w[3], where)});
                    }
                    case "joint" -> {
                        arity(w, 6, where, "joint NAME FRAME X Y Z");
                        int j = skeleton.indexOf(w[1]);
                        if (j < 0) throw new GenkernException(where + "unknown joint '" + w[1] + "'; known: " + String.join(", ", skeleton.names()));
                        joints.computeIfAbsent(j, k -> new ArrayList<>()).add(new double[] {frame(w[2], where),
                            number(w[3], where), number(w[4], where), number(w[5], where)});
                    }
                    case "keyframe" -> {
                        arity(w, 3, where, "keyframe FRAME POSE.npy");
                        float[][][] pose = MotionNpy.readPositions(file.resolveSibling(w[2]));
                        control = control.and(keyframe(frames, frame(w[1], where), pose[0]));
                    }
                    case "edit" -> {
                        arity(w, 3, where, "edit MOTION lower|upper");
                        if (!w[2].equals("lower") && !w[2].equals("upper")) throw new GenkernException(where + "edit keeps 'lower' or 'upper', not '" + w[2] + "'");
                        Path motion = file.resolveSibling(w[1]);
                        float[][][] positions = motion.toString().endsWith(".bvh") ? BvhReader.read(motion).smplPositions(MotionLibrary.FPS)
                                : MotionNpy.readPositions(motion);
                        control = control.and(edit(frames, positions, w[2].equals("lower")));
                    }
                    default -> throw new GenkernException(where + "unknown directive '" + w[0] + "'; expected root, joint, keyframe or edit");
                }
            } catch (GenkernException e) {
                throw e.getMessage().startsWith(where) ? e : new GenkernException(where + e.getMessage(), e);
            }
        }
        if (!root.isEmpty()) control = control.and(rootPath(frames, root.toArray(double[][]::new)));
        for (Map.Entry<Integer, List<double[]>> e : joints.entrySet()) control = control.and(jointPath(frames, e.getKey(), e.getValue().toArray(double[][]::new)));
        if (control.isEmpty()) throw new GenkernException("control file " + file + " has no directives");
        return control;
    }

    private static void set(float[][] mask, float[][] known, int t, int f, float[] src) {
        mask[t][f] = 1;
        known[t][f] = src[f];
    }

    private static void arity(String[] w, int n, String where, String usage) {
        if (w.length != n) throw new GenkernException(where + "expected '" + usage + "', got " + w.length + " fields");
    }

    private static int frame(String s, String where) {
        long f;
        try {
            f = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new GenkernException(where + "frame '" + s + "' is not a whole number");
        }
        if (f < 0 || f > Integer.MAX_VALUE) throw new GenkernException(where + "frame " + s + " is outside 0.." + Integer.MAX_VALUE);
        return (int) f;
    }

    private static double number(String s, String where) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new GenkernException(where + "'" + s + "' is not a number");
        }
        if (!Double.isFinite(v) || Math.abs(v) > 1e6) throw new GenkernException(where + s + " is not a finite position within 1e6 m");
        return v;
    }

    private static void checkFrames(int first, int last, int frames, String what) {
        if (first < 0 || last >= frames || last < first) {
            throw new GenkernException(what + " covers frames " + first + "–" + last + " but the motion has frames 0–" + (frames - 1));
        }
    }

    /** Linear interpolation of {frame, values...} points at frame t (clamped at the ends). */
    private static double[] interpolate(double[][] points, int t) {
        int dims = points[0].length - 1;
        double[] out = new double[dims];
        if (t <= points[0][0]) {
            System.arraycopy(points[0], 1, out, 0, dims);
            return out;
        }
        for (int i = 1; i < points.length; i++) {
            if (t <= points[i][0]) {
                double u = (t - points[i - 1][0]) / (points[i][0] - points[i - 1][0]);
                for (int d = 0; d < dims; d++) out[d] = points[i - 1][d + 1] + u * (points[i][d + 1] - points[i - 1][d + 1]);
                return out;
            }
        }
        System.arraycopy(points[points.length - 1], 1, out, 0, dims);
        return out;
    }

    private static double[] pathPoint(double[][] points, int t) {
        return interpolate(points, t);
    }

}
