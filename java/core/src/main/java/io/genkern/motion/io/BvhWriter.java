package io.genkern.motion.io;

import io.genkern.io.FileErrors;
import io.genkern.GenkernException;
import io.genkern.motion.Kinematics;
import io.genkern.motion.Motions;
import io.genkern.motion.Quat;
import io.genkern.motion.Skeleton;
import io.genkern.motion.Vec3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes joint positions as BVH: the skeleton's hierarchy with offsets sized to the clip's own
 * (mean) bone lengths, root channels {@code Xposition Yposition Zposition Zrotation Xrotation
 * Yrotation}, three {@code Zrotation Xrotation Yrotation} channels per other joint, angles from
 * {@link Kinematics#inverse} in degrees, lengths in metres. Leaf joints get a short End Site along
 * their bone. Angles are unwrapped over time (the equivalent ZXY solution nearest the previous
 * frame), so curves in animation tools stay continuous.
 *
 * <p>Re-reading reproduces the positions exactly (to the six written decimals) when the clip is
 * rigid, as the procedural library's clips are; for motion whose bone lengths drift (e.g. decoded
 * from generated features) the file holds the nearest rigid body: mean bone lengths, best-fit
 * rotations.
 */
public final class BvhWriter {
    private BvhWriter() {}

    /** Writes {@code positions} [T][J][3] of {@code skeleton} at {@code fps} to {@code path}. */
    public static void write(Path path, Skeleton skeleton, float[][][] positions, float fps) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(path, toText(skeleton, positions, fps), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FileErrors.writing(path, e);
        }
    }

    /** The BVH text for {@code positions} [T][J][3]. */
    public static String toText(Skeleton skeleton, float[][][] positions, float fps) {
        Motions.check(positions, skeleton.joints());
        if (!(fps > 0)) throw new GenkernException("fps must be positive, got " + fps);
        Skeleton fitted = skeleton.fittedTo(positions);
        List<Integer> order = new ArrayList<>();
        StringBuilder sb = new StringBuilder("HIERARCHY\n");
        hierarchy(sb, fitted, 0, 0, order);

        Kinematics.Pose[] poses = Kinematics.inverse(fitted, positions);
        sb.append("MOTION\n");
        sb.append("Frames: ").append(positions.length).append('\n');
        sb.append(String.format(Locale.ROOT, "Frame Time: %.6f%n", 1.0 / fps));
        double[][] previous = new double[skeleton.joints()][];
        for (int t = 0; t < poses.length; t++) {
            double[] root = Vec3.add(poses[t].root(), fitted.offset(0));
            appendFixed(sb, root[0]).append(' ');
            appendFixed(sb, root[1]).append(' ');
            appendFixed(sb, root[2]);
            for (int j : order) {
                double[] euler = nearest(Quat.toEulerZxyDegrees(poses[t].rotations()[j]), previous[j]);
                previous[j] = euler;
                for (double angle : euler) appendFixed(sb.append(' '), angle);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void hierarchy(StringBuilder sb, Skeleton s, int joint, int depth, List<Integer> order) {
        String pad = "  ".repeat(depth);
        double[] off = s.offset(joint);
        order.add(joint);
        sb.append(pad).append(depth == 0 ? "ROOT " : "JOINT ").append(s.name(joint)).append('\n');
        sb.append(pad).append("{\n");
        sb.append(pad).append(String.format(Locale.ROOT, "  OFFSET %.6f %.6f %.6f%n", off[0], off[1], off[2]));
        sb.append(pad).append(depth == 0 ? "  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation\n"
                : "  CHANNELS 3 Zrotation Xrotation Yrotation\n");
        int[] children = s.children(joint);
        for (int c : children) hierarchy(sb, s, c, depth + 1, order);
        if (children.length == 0) {
            // Extend the last bone a little so that viewers draw an end segment.
            double len = Vec3.norm(off);
            double[] end = len < 1e-9 ? Vec3.of(0, 0.05, 0) : Vec3.scale(off, Math.min(0.1, 0.4 * len) / len);
            sb.append(pad).append("  End Site\n").append(pad).append("  {\n");
            sb.append(pad).append(String.format(Locale.ROOT, "    OFFSET %.6f %.6f %.6f%n", end[0], end[1], end[2]));
            sb.append(pad).append("  }\n");
        }
        sb.append(pad).append("}\n");
    }

    /** Appends {@code v} with six decimals; String.format is far too slow for millions of values. */
    static StringBuilder appendFixed(StringBuilder sb, double v) {
        if (!Double.isFinite(v)) throw new GenkernException("cannot write non-finite value " + v + " to BVH");
        long micro = Math.round(Math.abs(v) * 1e6);
        if (v < 0 && micro != 0) sb.append('-');
        sb.append(micro / 1_000_000).append('.');
        String frac = Long.toString(micro % 1_000_000);
        for (int i = frac.length(); i < 6; i++) sb.append('0');
        return sb.append(frac);
    }

    /** Of the two ZXY solutions, shifted by multiples of 360°, the one closest to {@code previous}. */
    private static double[] nearest(double[] euler, double[] previous) {
        if (previous == null) return euler;
        double[][] candidates = {euler, {euler[0] + 180, 180 - euler[1], euler[2] + 180}};
        double[] best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (double[] c : candidates) {
            double[] shifted = new double[3];
            double d = 0;
            for (int k = 0; k < 3; k++) {
                shifted[k] = c[k] + 360 * Math.rint((previous[k] - c[k]) / 360);
                d += Math.abs(shifted[k] - previous[k]);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = shifted;
            }
        }
        return best;
    }
}
