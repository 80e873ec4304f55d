package io.genkern.motion.metrics;

import io.genkern.GenkernException;
import io.genkern.motion.MotionClip;
import io.genkern.motion.Skeleton;
import io.genkern.motion.library.MotionLibrary;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How much of its action a motion does: one characteristic amplitude per library action, measured
 * the same way on library clips and on generated motions (locomotion: travel speed; turns: the angle
 * turned towards the asked side; squats: the pelvis's vertical range; bows: torso pitch; jumps and
 * hops: how high both feet leave the floor; kicks and punches: reach; waves and arm circles: wrist
 * height above the shoulder; claps: how far the hands open and close; idle: how little the joints
 * move). A frozen squat, a walk on the spot or a jump that never leaves the floor is the prompted
 * action to a nearest-window classifier, but not to this.
 */
public final class ActionExtent {
    private ActionExtent() {}

    /** An amplitude: its name and unit, and whether more of it means more of the action (idle: less). */
    public record Measure(String name, String unit, boolean lessIsMore, Amplitude amplitude) {
        public double of(float[][][] positions, float fps) {
            if (positions.length < 2) throw new GenkernException("a motion of " + positions.length + " frames has no extent");
            return amplitude.of(positions, fps);
        }
    }

    @FunctionalInterface
    public interface Amplitude {
        double of(float[][][] positions, float fps);
    }

    /** Locomotion's amplitude: net horizontal pelvis speed. */
    public static final Measure SPEED = new Measure("speed", "m/s", false, ActionExtent::speed);
    private static final Measure PELVIS_RANGE = new Measure("pelvis range", "m", false, (p, fps) -> pelvisRange(p));

    private static final Map<String, Measure> BY_ACTION = Map.ofEntries(
            Map.entry("walk", SPEED), Map.entry("jog", SPEED), Map.entry("run", SPEED), Map.entry("walk_backwards", SPEED),
            Map.entry("side_step", SPEED), Map.entry("march", new Measure("knee lift", "m", false, (p, fps) -> kneeLift(p))),
            Map.entry("turn_left", new Measure("turn to the left", "°", false, (p, fps) -> turnDegrees(p))),
            Map.entry("turn_right", new Measure("turn to the right", "°", false, (p, fps) -> -turnDegrees(p))),
            Map.entry("jump_in_place", new Measure("airborne height", "m", false, (p, fps) -> airborne(p))),
            Map.entry("hop_forward", new Measure("airborne height", "m", false, (p, fps) -> airborne(p))),
            Map.entry("squat", PELVIS_RANGE),
            Map.entry("bow", new Measure("torso pitch", "°", false, (p, fps) -> torsoPitch(p))),
            Map.entry("kick", new Measure("foot reach", "m", false, (p, fps) -> reach(p, Skeleton.LEFT_ANKLE, Skeleton.RIGHT_ANKLE))),
            Map.entry("punch", new Measure("hand reach", "m", false, (p, fps) -> reach(p, Skeleton.LEFT_WRIST, Skeleton.RIGHT_WRIST))),
            Map.entry("wave_left", new Measure("left wrist above shoulder", "m", false, (p, fps) -> wristRaise(p, Skeleton.LEFT_WRIST, Skeleton.LEFT_SHOULDER))),
            Map.entry("wave_right", new Measure("right wrist above shoulder", "m", false, (p, fps) -> wristRaise(p, Skeleton.RIGHT_WRIST, Skeleton.RIGHT_SHOULDER))),
            Map.entry("wave_both", new Measure("both wrists above shoulders", "m", false, (p, fps) -> bothWristsRaise(p))),
            Map.entry("arm_circles", new Measure("both wrists above shoulders", "m", false, (p, fps) -> bothWristsRaise(p))),
            Map.entry("clap", new Measure("hands open and close", "m", false, (p, fps) -> handGapRange(p))),
            Map.entry("idle", new Measure("joint speed", "m/s", true, ActionExtent::jointSpeed)));

    /** The amplitude of a library action. */
    public static Measure forAction(String action) {
        Measure m = BY_ACTION.get(action);
        if (m == null) throw new GenkernException("no amplitude for action '" + action + "'; known: " + MotionLibrary.actions());
        return m;
    }

    /** Smallest, median and largest of some values. */
    public record Range(double min, double median, double max) {
        public static Range of(double[] values) {
            if (values.length == 0) throw new GenkernException("a range of no values");
            double[] v = values.clone();
            Arrays.sort(v);
            int n = v.length;
            return new Range(v[0], n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, v[n - 1]);
        }

        public boolean contains(double x) {
            return x >= min && x <= max;
        }
    }

    /** The amplitude of {@code action} over the library's clips of it. */
    public static Range library(MotionLibrary library, String action) {
        Measure m = forAction(action);
        List<MotionClip> clips = library.clips(action);
        return Range.of(clips.stream().mapToDouble(c -> m.of(c.positions(), c.fps())).toArray());
    }

    /**
     * Mean speed of all joints (m/s): how much a body moves, whatever it does (see {@link #frozen}).
     */
    public static double jointSpeed(float[][][] p, float fps) {
        double sum = 0;
        for (int t = 1; t < p.length; t++) {
            for (int j = 0; j < p[t].length; j++) {
                double dx = p[t][j][0] - p[t - 1][j][0], dy = p[t][j][1] - p[t - 1][j][1], dz = p[t][j][2] - p[t - 1][j][2];
                sum += Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return sum * fps / ((p.length - 1) * (double) p[0].length);
    }

    /**
     * Frozen: joints slower than half the library's stillest clip of the action ({@code stillest}).
     * Half, because generated motions are smoother than the clips they come from: a jog or a wave
     * that does its action can move its joints a little slower than the stillest clip, while a held
     * pose moves them at a small fraction of it.
     */
    public static boolean frozen(float[][][] positions, float fps, double stillest) {
        return jointSpeed(positions, fps) < FROZEN_FRACTION * stillest;
    }

    public static final double FROZEN_FRACTION = 0.5;

    /** The library's stillest clip of {@code action} by {@link #jointSpeed}. */
    public static double stillest(MotionLibrary library, String action) {
        return library.clips(action).stream().mapToDouble(c -> jointSpeed(c.positions(), c.fps())).min()
                .orElseThrow(() -> new GenkernException("the library has no clip of '" + action + "'"));
    }

    /** Net horizontal pelvis displacement over the duration, m/s. */
    static double speed(float[][][] p, float fps) {
        int last = p.length - 1;
        return Math.hypot(p[last][0][0] - p[0][0][0], p[last][0][2] - p[0][0][2]) / (last / fps);
    }

    static double pelvisRange(float[][][] p) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (float[][] f : p) {
            lo = Math.min(lo, f[0][1]);
            hi = Math.max(hi, f[0][1]);
        }
        return hi - lo;
    }

    /**
     * The net change of the body's heading, unwrapped frame by frame, between the mean of the first
     * and of the last {@value #TURN_ENDS} frames (steps sway the hips by several degrees); positive
     * turns to the left (+Z towards +X).
     */
    static double turnDegrees(float[][][] p) {
        double[] unwrapped = new double[p.length];
        unwrapped[0] = heading(p[0]);
        for (int t = 1; t < p.length; t++) {
            double d = heading(p[t]) - heading(p[t - 1]);
            unwrapped[t] = unwrapped[t - 1] + d - 2 * Math.PI * Math.round(d / (2 * Math.PI));
        }
        int ends = Math.max(1, Math.min(TURN_ENDS, p.length / 4));
        double first = 0, last = 0;
        for (int i = 0; i < ends; i++) {
            first += unwrapped[i] / ends;
            last += unwrapped[p.length - 1 - i] / ends;
        }
        return Math.toDegrees(last - first);
    }

    private static final int TURN_ENDS = 5;

    /**
     * Facing angle about +Y from the hips and shoulders (HumanML3D's across vector, right to left);
     * the forward direction is perpendicular to it.
     */
    private static double heading(float[][] f) {
        double x = f[Skeleton.LEFT_HIP][0] - f[Skeleton.RIGHT_HIP][0] + f[Skeleton.LEFT_SHOULDER][0] - f[Skeleton.RIGHT_SHOULDER][0];
        double z = f[Skeleton.LEFT_HIP][2] - f[Skeleton.RIGHT_HIP][2] + f[Skeleton.LEFT_SHOULDER][2] - f[Skeleton.RIGHT_SHOULDER][2];
        return Math.atan2(x, z);
    }

    /** The most both feet are above the motion's floor (its lowest foot point) at once. */
    static double airborne(float[][][] p) {
        double floor = Double.POSITIVE_INFINITY, lift = 0;
        for (float[][] f : p) for (int j : Skeleton.SMPL_FOOT_JOINTS) floor = Math.min(floor, f[j][1]);
        for (float[][] f : p) {
            double lowest = Double.POSITIVE_INFINITY;
            for (int j : Skeleton.SMPL_FOOT_JOINTS) lowest = Math.min(lowest, f[j][1]);
            lift = Math.max(lift, lowest - floor);
        }
        return lift;
    }

    /** How high a knee rises above its lowest, the higher of the two. */
    static double kneeLift(float[][][] p) {
        double best = 0;
        for (int knee : new int[] {Skeleton.LEFT_KNEE, Skeleton.RIGHT_KNEE}) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (float[][] f : p) {
                lo = Math.min(lo, f[knee][1]);
                hi = Math.max(hi, f[knee][1]);
            }
            best = Math.max(best, hi - lo);
        }
        return best;
    }

    /** The largest angle of the pelvis → neck line from vertical, degrees. */
    static double torsoPitch(float[][][] p) {
        double best = 0;
        for (float[][] f : p) {
            double x = f[Skeleton.NECK][0] - f[0][0], y = f[Skeleton.NECK][1] - f[0][1], z = f[Skeleton.NECK][2] - f[0][2];
            best = Math.max(best, Math.toDegrees(Math.atan2(Math.hypot(x, z), y)));
        }
        return best;
    }

    /** The farthest either joint gets from the pelvis horizontally. */
    static double reach(float[][][] p, int a, int b) {
        double best = 0;
        for (float[][] f : p) {
            for (int j : new int[] {a, b}) best = Math.max(best, Math.hypot(f[j][0] - f[0][0], f[j][2] - f[0][2]));
        }
        return best;
    }

    static double wristRaise(float[][][] p, int wrist, int shoulder) {
        double best = Double.NEGATIVE_INFINITY;
        for (float[][] f : p) best = Math.max(best, f[wrist][1] - f[shoulder][1]);
        return best;
    }

    static double bothWristsRaise(float[][][] p) {
        return Math.min(wristRaise(p, Skeleton.LEFT_WRIST, Skeleton.LEFT_SHOULDER), wristRaise(p, Skeleton.RIGHT_WRIST, Skeleton.RIGHT_SHOULDER));
    }

    /** Largest minus smallest distance between the wrists. */
    static double handGapRange(float[][][] p) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (float[][] f : p) {
            float[] l = f[Skeleton.LEFT_WRIST], r = f[Skeleton.RIGHT_WRIST];
            double d = Math.sqrt(Math.pow(l[0] - r[0], 2) + Math.pow(l[1] - r[1], 2) + Math.pow(l[2] - r[2], 2));
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        return hi - lo;
    }
}
