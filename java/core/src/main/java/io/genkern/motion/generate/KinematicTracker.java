package io.genkern.motion.generate;

import io.genkern.motion.Skeleton;
import io.genkern.motion.Vec3;

import java.util.Optional;

/**
 * A kinematic stand-in for a physics tracker: feet are either planted or stepping, never gliding
 * over the floor, and the body stays above the floor. It sees the whole planned window at once, so
 * it cleans up foot skating the way offline footskate cleanup does: corrections are spread over the
 * swing, where the foot is in the air.
 * <ul>
 *   <li>Stance: a foot joint (ankle or toe) is in contact while it is within
 *   {@link #CONTACT_MARGIN} of the lowest that joint gets and moves slower than
 *   {@link #CONTACT_SPEED} in the plan; a foot is in stance while either joint is, and swings of
 *   up to {@link #MAX_FILLED_GAP} frames during which the foot stays low are stance too (a flicker
 *   of the plan, not a step).</li>
 *   <li>Root: the body is shifted horizontally by the slide the plan gives the feet in stance,
 *   smoothed over {@link #PELVIS_SMOOTHING} frames (the pelvis absorbs the feet's common slide, as
 *   a tracked character's would).</li>
 *   <li>Stance feet: held in place by the heel until the toe is down, then by the toe; a planted
 *   foot keeps its heading, and while flat (heel and toe down) its whole shape; once the heel is
 *   up it rolls over the toe as planned. A foot held at the end of the executed frames goes on
 *   standing the same way. The leg is re-solved by two-bone inverse kinematics (thigh and shin
 *   lengths kept, the knee bending as the planned knee bends off the planned leg's line, never
 *   backwards), which absorbs what slides between the two feet.</li>
 *   <li>Swing feet: start where the foot stood and ease (smoothstep, position and heading) onto
 *   the plan by the end of the swing, lifted to at least {@link #SWING_CLEARANCE} above their
 *   floor level in mid-swing, so a foot that must travel does so in the air.</li>
 *   <li>Floor contact: a frame whose lowest joint is below y = 0 is lifted onto the floor; the lift
 *   is released gradually over the following frames.</li>
 * </ul>
 */
public final class KinematicTracker implements Tracker {
    /**
     * A foot joint can be in contact while it is within this height of the lowest it gets in the
     * plan (ankles rest higher above the floor than toes, and bodies differ in size, so each joint
     * is measured against its own floor level).
     */
    public static final double CONTACT_MARGIN = 0.03;
    /** ... and while it moves slower than this in the plan (a fast foot near the floor is swinging through). */
    public static final double CONTACT_SPEED = 0.8; // m/s
    /** Swings this short (frames) during which the foot stays low are taken as stance. */
    public static final int MAX_FILLED_GAP = 2;
    /** The least height (m) above their floor level that a swinging foot's joints reach in mid-swing. */
    public static final double SWING_CLEARANCE = 0.05;
    /** Standard deviation (frames) of the smoothing of the pelvis's corrections. */
    public static final double PELVIS_SMOOTHING = 2;
    private static final float FPS = 20f;
    private static final double KNEE_FORWARD = 0.02; // m, see placeFoot
    private static final double HELD = 1e-4; // m: an executed joint that moved less than this was held
    private static final double LIFT_RELEASE = 0.6; // fraction of the previous floor lift kept per frame
    private static final int[][] LEGS = { // hip, knee, ankle, toe
        {Skeleton.LEFT_HIP, Skeleton.LEFT_KNEE, Skeleton.LEFT_ANKLE, Skeleton.LEFT_FOOT},
        {Skeleton.RIGHT_HIP, Skeleton.RIGHT_KNEE, Skeleton.RIGHT_ANKLE, Skeleton.RIGHT_FOOT}};

    /** The leg joints the tracker re-places; a control that fixes any of them owns the legs. */
    static final int[] PLACED_JOINTS = {Skeleton.LEFT_KNEE, Skeleton.RIGHT_KNEE, Skeleton.LEFT_ANKLE, Skeleton.RIGHT_ANKLE,
        Skeleton.LEFT_FOOT, Skeleton.RIGHT_FOOT};

    private final boolean movePelvis;

    /** The full tracker: the pelvis follows the planted feet. */
    public KinematicTracker() {
        this(true);
    }

    private KinematicTracker(boolean movePelvis) {
        this.movePelvis = movePelvis;
    }

    /** A tracker that leaves the pelvis where it was planned: the legs alone hold the feet. */
    public static KinematicTracker keepingPelvis() {
        return new KinematicTracker(false);
    }

    /**
     * A tracker for a motion generated under {@code control}: none when the control fixes a leg
     * joint the tracker would move (editing that keeps the lower body, keyframes, a foot's path);
     * else {@link #within}.
     */
    public static Optional<KinematicTracker> respecting(MotionControl control) {
        if (control != null && control.fixesAnyJoint(PLACED_JOINTS)) return Optional.empty();
        return Optional.of(within(control));
    }

    /**
     * A tracker that keeps to {@code control} (none: null) wherever the pelvis is concerned: one
     * that leaves the pelvis where it was generated (feet held by the legs alone) when the control
     * fixes the root's path over the floor, else the full tracker (the tracker moves the pelvis
     * only horizontally, and controls of other joints are pelvis-relative and move along with it).
     */
    public static KinematicTracker within(MotionControl control) {
        return control != null && control.fixesRootPath() ? keepingPelvis() : new KinematicTracker();
    }

    /** One foot's state while the window is executed. */
    private static final class Foot {
        int anchor = -1;       // during a stance: the joint (ankle or toe) held in place, else -1
        double lockX, lockZ;   // where the anchor is held
        double yaw;            // the planted foot's heading
        double[] flat;         // ankle-to-toe while heel and toe are down, else null
        double gapYaw;         // how far the plan's heading was from the foot's when the swing started
        double gapX, gapZ;     // how far the plan was from the foot when the swing started
        int swingStart, swingFrames;
    }

    @Override
    public float[][][] track(float[][][] planned, float[][][] executed) {
        int frames = planned.length;
        float[][][] out = new float[frames][][];
        if (frames == 0) return out;
        float[][] previous = executed.length > 0 ? executed[executed.length - 1] : null;
        double[] floor = floorLevels(planned, executed);
        boolean[][][] contact = new boolean[2][][];
        boolean[][] stance = new boolean[2][];
        for (int leg = 0; leg < 2; leg++) {
            contact[leg] = new boolean[][] {contact(planned, floor, LEGS[leg][2]), contact(planned, floor, LEGS[leg][3])};
            stance[leg] = stance(contact[leg][0], contact[leg][1], planned, floor, LEGS[leg]);
        }
        Foot[] feet = {new Foot(), new Foot()};
        if (executed.length >= 2) {
            for (int leg = 0; leg < 2; leg++) resume(feet[leg], LEGS[leg], executed[executed.length - 2], previous, contact[leg], stance[leg]);
        }
        double[][] offset = movePelvis ? pelvisOffsets(planned, stance) : new double[frames][2];
        double floorLift = 0;
        for (int t = 0; t < frames; t++) {
            float[][] plan = planned[t];
            float[][] frame = new float[plan.length][];
            for (int j = 0; j < plan.length; j++) {
                frame[j] = new float[] {(float) (plan[j][0] + offset[t][0]), plan[j][1], (float) (plan[j][2] + offset[t][1])};
            }
            float[][] last = t > 0 ? out[t - 1] : previous;
            for (int leg = 0; leg < 2; leg++) {
                if (stance[leg][t]) {
                    // A foot that was already down (in this window or the executed one) holds where
                    // it is; a landing foot is held where the plan puts it.
                    boolean wasDown = t > 0 ? stance[leg][t - 1] : previous != null && isLow(previous, floor, LEGS[leg]);
                    plant(feet[leg], LEGS[leg], frame, wasDown ? last : frame, contact[leg][0][t], contact[leg][1][t]);
                } else {
                    if (t == 0 || stance[leg][t - 1]) {
                        int end = t;
                        while (end < frames && !stance[leg][end]) end++;
                        startSwing(feet[leg], LEGS[leg], frame, last, t, end - t);
                    }
                    swing(feet[leg], LEGS[leg], frame, floor, t);
                }
            }
            float lowest = Float.POSITIVE_INFINITY;
            for (float[] joint : frame) lowest = Math.min(lowest, joint[1]);
            floorLift = Math.max(lowest < 0 ? -lowest : 0, floorLift * LIFT_RELEASE);
            for (float[] joint : frame) joint[1] += (float) floorLift;
            out[t] = frame;
        }
        return out;
    }

    /**
     * A foot in stance: held by its toe once the toe is down (the foot rolls over it), by its heel
     * before; it keeps its heading, and while flat (heel and toe down) its whole shape, so once the
     * heel is up it rolls over the toe as planned. {@code from} is where a new hold is taken.
     */
    private static void plant(Foot foot, int[] joints, float[][] frame, float[][] from, boolean heelDown, boolean toeDown) {
        int ankle = joints[2], toe = joints[3];
        int anchor = toeDown ? toe : heelDown ? ankle : foot.anchor >= 0 ? foot.anchor : toe;
        if (anchor != foot.anchor) {
            if (foot.anchor < 0) foot.yaw = yaw(from[ankle], from[toe]);
            foot.anchor = anchor;
            foot.lockX = from[anchor][0];
            foot.lockZ = from[anchor][2];
        }
        boolean flat = heelDown && toeDown;
        if (flat && foot.flat == null) foot.flat = Vec3.sub(toDouble(from[toe]), toDouble(from[ankle]));
        if (!flat) foot.flat = null;
        double[] foot3 = flat ? foot.flat : footVector(frame[ankle], frame[toe], foot.yaw);
        double[] anchorAt = {foot.lockX, frame[anchor][1], foot.lockZ};
        double[] ankleAt = anchor == ankle ? anchorAt : Vec3.sub(anchorAt, foot3);
        placeFoot(frame, joints, ankleAt, Vec3.add(ankleAt, foot3));
    }

    /**
     * A foot that stood at the end of the executed frames goes on standing the same way in the
     * first planned frame (the heel or toe it held, its heading and shape), instead of being judged
     * afresh from the plan, which would move it at the window boundary.
     */
    private static void resume(Foot foot, int[] joints, float[][] before, float[][] previous, boolean[][] contact, boolean[] stance) {
        int ankle = joints[2], toe = joints[3];
        boolean heldHeel = Math.hypot(previous[ankle][0] - before[ankle][0], previous[ankle][2] - before[ankle][2]) < HELD;
        boolean heldToe = Math.hypot(previous[toe][0] - before[toe][0], previous[toe][2] - before[toe][2]) < HELD;
        if (!heldHeel && !heldToe) return;
        contact[0][0] = heldHeel;
        contact[1][0] = heldToe;
        stance[0] = true;
        foot.anchor = heldToe ? toe : ankle;
        foot.lockX = previous[foot.anchor][0];
        foot.lockZ = previous[foot.anchor][2];
        foot.yaw = yaw(previous[ankle], previous[toe]);
        if (heldHeel && heldToe) foot.flat = Vec3.sub(toDouble(previous[toe]), toDouble(previous[ankle]));
    }

    /** A swing of {@code frames} frames starts at frame t: how far is the plan from where the foot is? */
    private static void startSwing(Foot foot, int[] joints, float[][] frame, float[][] last, int t, int frames) {
        int ankle = joints[2], toe = joints[3];
        foot.gapX = last == null ? 0 : last[ankle][0] - frame[ankle][0];
        foot.gapZ = last == null ? 0 : last[ankle][2] - frame[ankle][2];
        foot.gapYaw = last == null ? 0 : Math.IEEEremainder(yaw(last[ankle], last[toe]) - yaw(frame[ankle], frame[toe]), 2 * Math.PI);
        foot.swingStart = t;
        foot.swingFrames = frames;
        foot.anchor = -1;
        foot.flat = null;
    }

    /**
     * A swinging foot at frame t: from where it stood onto the plan (smoothstep in position and
     * heading), lifted to at least {@link #SWING_CLEARANCE} above its floor level mid-swing.
     */
    private static void swing(Foot foot, int[] joints, float[][] frame, double[] floor, int t) {
        int ankle = joints[2], toe = joints[3];
        double s = (t - foot.swingStart + 1) / (double) (foot.swingFrames + 1);
        double keep = 1 - s * s * (3 - 2 * s);
        double clearance = SWING_CLEARANCE * Math.sin(Math.PI * s);
        double[] foot3 = footVector(frame[ankle], frame[toe], yaw(frame[ankle], frame[toe]) + foot.gapYaw * keep);
        double[] ankleAt = {frame[ankle][0] + foot.gapX * keep, frame[ankle][1], frame[ankle][2] + foot.gapZ * keep};
        double lift = Math.max(0, Math.max(floor[ankle] + clearance - ankleAt[1], floor[toe] + clearance - ankleAt[1] - foot3[1]));
        ankleAt[1] += lift;
        placeFoot(frame, joints, ankleAt, Vec3.add(ankleAt, foot3));
    }

    /**
     * The horizontal shift of the body at each frame: each frame step cancels the mean slide the
     * plan gives the feet that stay in stance, and those steps are smoothed (Gaussian,
     * {@link #PELVIS_SMOOTHING} frames) so that feet landing and lifting do not jerk the pelvis; the
     * legs' inverse kinematics absorbs the small difference at the locked feet.
     */
    private static double[][] pelvisOffsets(float[][][] planned, boolean[][] stance) {
        int frames = planned.length;
        double[][] step = new double[frames][2];
        for (int t = 1; t < frames; t++) {
            int locked = 0;
            for (int leg = 0; leg < 2; leg++) {
                if (!stance[leg][t] || !stance[leg][t - 1]) continue;
                for (int k = 2; k < 4; k++) {
                    int j = LEGS[leg][k];
                    step[t][0] += planned[t - 1][j][0] - planned[t][j][0];
                    step[t][1] += planned[t - 1][j][2] - planned[t][j][2];
                    locked++;
                }
            }
            if (locked > 0) {
                step[t][0] /= locked;
                step[t][1] /= locked;
            }
        }
        int radius = (int) Math.ceil(3 * PELVIS_SMOOTHING);
        double[][] offset = new double[frames][2];
        for (int t = 1; t < frames; t++) {
            double x = 0, z = 0, norm = 0;
            for (int u = Math.max(1, t - radius); u <= Math.min(frames - 1, t + radius); u++) {
                double w = Math.exp(-0.5 * (u - t) * (u - t) / (PELVIS_SMOOTHING * PELVIS_SMOOTHING));
                x += w * step[u][0];
                z += w * step[u][1];
                norm += w;
            }
            offset[t][0] = offset[t - 1][0] + x / norm;
            offset[t][1] = offset[t - 1][1] + z / norm;
        }
        return offset;
    }

    /** Per joint: the lowest height the foot joints reach in the executed and planned frames. */
    private static double[] floorLevels(float[][][] planned, float[][][] executed) {
        double[] floor = new double[planned[0].length];
        java.util.Arrays.fill(floor, Double.POSITIVE_INFINITY);
        for (float[][][] frames : new float[][][][] {executed, planned}) {
            for (float[][] frame : frames) for (int j : Skeleton.SMPL_FOOT_JOINTS) floor[j] = Math.min(floor[j], frame[j][1]);
        }
        return floor;
    }

    private static boolean isLow(float[][] frame, double[] floor, int[] leg) {
        for (int k = 2; k < 4; k++) if (frame[leg[k]][1] <= floor[leg[k]] + CONTACT_MARGIN) return true;
        return false;
    }

    /**
     * Frame by frame: is this foot joint in contact in the plan, that is low (see
     * {@link #CONTACT_MARGIN}) and slow (over the planned step into the frame, out of it for the
     * first frame: the executed frames before are where the tracker put the foot, not the plan)?
     */
    private static boolean[] contact(float[][][] planned, double[] floor, int joint) {
        int frames = planned.length;
        boolean[] contact = new boolean[frames];
        for (int t = 0; t < frames; t++) {
            float[] here = planned[t][joint];
            float[] a = t > 0 ? planned[t - 1][joint] : here, b = t > 0 || frames == 1 ? here : planned[1][joint];
            double speed = Math.hypot(b[0] - a[0], b[2] - a[2]) * FPS;
            contact[t] = here[1] <= floor[joint] + CONTACT_MARGIN && speed <= CONTACT_SPEED;
        }
        return contact;
    }

    /** Frame by frame: is the foot in stance (its ankle or toe in contact, short low gaps filled)? */
    private static boolean[] stance(boolean[] ankle, boolean[] toe, float[][][] planned, double[] floor, int[] leg) {
        int frames = planned.length;
        boolean[] stance = new boolean[frames];
        for (int t = 0; t < frames; t++) stance[t] = ankle[t] || toe[t];
        for (int t = 1; t < frames; t++) {
            if (stance[t] || !stance[t - 1]) continue;
            int end = t;
            while (end < frames && !stance[end] && isLow(planned[end], floor, leg)) end++;
            if (end < frames && stance[end] && end - t <= MAX_FILLED_GAP) {
                for (int u = t; u < end; u++) stance[u] = true;
            }
        }
        return stance;
    }

    /** Heading (radians about Y) of the foot from ankle to toe. */
    private static double yaw(float[] ankle, float[] toe) {
        return Math.atan2(toe[0] - ankle[0], toe[2] - ankle[2]);
    }

    /** The planned ankle-to-toe vector turned to {@code yaw}. */
    private static double[] footVector(float[] ankle, float[] toe, double yaw) {
        double horizontal = Math.hypot(toe[0] - ankle[0], toe[2] - ankle[2]);
        return new double[] {horizontal * Math.sin(yaw), toe[1] - ankle[1], horizontal * Math.cos(yaw)};
    }

    /**
     * Puts the ankle and toe on their targets and re-solves the knee so that the thigh and shin keep
     * their lengths; a target out of the leg's reach is pulled onto the edge of the reach.
     */
    private static void placeFoot(float[][] frame, int[] leg, double[] ankleTarget, double[] toeTarget) {
        double[] hip = toDouble(frame[leg[0]]), knee = toDouble(frame[leg[1]]), ankle = toDouble(frame[leg[2]]);
        double thigh = Vec3.distance(hip, knee), shin = Vec3.distance(knee, ankle);
        double[] target = ankleTarget;
        double[] reach = Vec3.sub(target, hip);
        double d = Vec3.norm(reach);
        double dMax = thigh + shin - 1e-6, dMin = Math.abs(thigh - shin) + 1e-6;
        if (d > dMax || d < dMin) { // unreachable: keep the direction, clamp the distance
            double clamped = Math.max(dMin, Math.min(dMax, d));
            reach = Vec3.scale(reach, clamped / Math.max(d, 1e-9));
            target = Vec3.add(hip, reach);
            toeTarget = Vec3.add(toeTarget, Vec3.sub(target, ankleTarget));
            d = clamped;
        }
        double[] axis = Vec3.scale(reach, 1 / d);
        double along = (thigh * thigh - shin * shin + d * d) / (2 * d);
        double height = Math.sqrt(Math.max(0, thigh * thigh - along * along));
        // The knee bends the way the planned knee bends off the planned leg's own hip-ankle line
        // (measured against the new line it could flip when the foot moved), never backwards (a
        // planned hyperextension is mirrored to the front of the body), and a nearly straight
        // planned leg, which gives that direction poorly, is nudged forwards.
        double[] plannedAxis = Vec3.normalize(Vec3.sub(ankle, hip), axis);
        double[] pole = Vec3.sub(knee, hip);
        double[] plannedBend = Vec3.sub(pole, Vec3.scale(plannedAxis, Vec3.dot(pole, plannedAxis)));
        double[] across = Vec3.sub(toDouble(frame[Skeleton.LEFT_HIP]), toDouble(frame[Skeleton.RIGHT_HIP]));
        double[] forward = Vec3.normalize(new double[] {-across[2], 0, across[0]}, new double[] {0, 0, 1}); // across × up
        plannedBend = Vec3.addScaled(plannedBend, forward, -2 * Math.min(0, Vec3.dot(plannedBend, forward)));
        double[] pull = Vec3.addScaled(plannedBend, forward, KNEE_FORWARD);
        double[] perpendicular = Vec3.sub(pull, Vec3.scale(axis, Vec3.dot(pull, axis)));
        double pn = Vec3.norm(perpendicular);
        double[] bend = pn > 1e-9 ? Vec3.scale(perpendicular, 1 / pn) : new double[] {0, 0, 1};
        double[] newKnee = Vec3.add(hip, Vec3.add(Vec3.scale(axis, along), Vec3.scale(bend, height)));
        set(frame[leg[1]], newKnee);
        set(frame[leg[2]], target);
        set(frame[leg[3]], toeTarget);
    }

    private static double[] toDouble(float[] v) {
        return new double[] {v[0], v[1], v[2]};
    }

    private static void set(float[] dst, double[] v) {
        dst[0] = (float) v[0];
        dst[1] = (float) v[1];
        dst[2] = (float) v[2];
    }
}
