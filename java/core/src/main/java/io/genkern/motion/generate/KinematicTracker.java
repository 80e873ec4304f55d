package io.genkern.motion.generate;

import io.genkern.motion.Skeleton;
import io.genkern.motion.Vec3;

/**
 * A kinematic stand-in for a physics tracker: it keeps planted feet planted and the body above the
 * floor, and eases its corrections in and out so they never pop.
 * <ul>
 *   <li>Root: a foot joint is planted between two frames while the plan holds it within
 *   {@link #ANKLE_CONTACT_HEIGHT} (ankles) or {@link #TOE_CONTACT_HEIGHT} (toes) of the floor and moving slower than {@link #CONTACT_SPEED}. The body is
 *   shifted horizontally so that its planted joints stay where they were executed in the frame
 *   before (the pelvis absorbs the common slide, as a tracked character's would).</li>
 *   <li>Feet: what slides between the two feet cannot be absorbed by the pelvis, so each planted
 *   foot is locked where it landed and its leg re-solved by two-bone inverse kinematics (hip and
 *   shin lengths kept, the knee in the plane of the planned knee). A lock is released over
 *   {@link #RELEASE_FRAMES} frames when the foot lifts.</li>
 *   <li>Floor contact: a frame whose lowest joint is below y = 0 is lifted onto the floor; the lift
 *   is released gradually over the following frames.</li>
 * </ul>
 */
public final class KinematicTracker implements Tracker {
    /** Contact heights of the ankle and of the toe joints (the ankle sits higher above the sole). */
    public static final double ANKLE_CONTACT_HEIGHT = 0.09, TOE_CONTACT_HEIGHT = 0.05;
    public static final double CONTACT_SPEED = 0.8; // m/s
    public static final int RELEASE_FRAMES = 4;
    private static final float FPS = 20f;
    private static final double LIFT_RELEASE = 0.6; // fraction of the previous lift kept per frame
    private static final int[][] LEGS = { // hip, knee, ankle, toe
        {Skeleton.LEFT_HIP, Skeleton.LEFT_KNEE, Skeleton.LEFT_ANKLE, Skeleton.LEFT_FOOT},
        {Skeleton.RIGHT_HIP, Skeleton.RIGHT_KNEE, Skeleton.RIGHT_ANKLE, Skeleton.RIGHT_FOOT}};

    @Override
    public float[][][] track(float[][][] planned, float[][][] executed) {
        int frames = planned.length;
        float[][][] out = new float[frames][][];
        float[][] previous = executed.length > 0 ? executed[executed.length - 1] : null;
        double offsetX = 0, offsetZ = 0, lift = 0;
        double[][] lockAnkle = new double[2][], lockToe = new double[2][];
        int[] release = new int[2];
        for (int t = 0; t < frames; t++) {
            float[][] plan = planned[t];
            float[][] before = t > 0 ? planned[t - 1] : null;
            boolean[] footPlanted = new boolean[2];
            if (before != null) {
                double sumX = 0, sumZ = 0;
                int planted = 0;
                for (int leg = 0; leg < 2; leg++) {
                    for (int k = 2; k < 4; k++) {
                        int j = LEGS[leg][k];
                        if (!planted(plan, before, j)) continue;
                        footPlanted[leg] = true;
                        if (previous != null) {
                            sumX += previous[j][0] - plan[j][0];
                            sumZ += previous[j][2] - plan[j][2];
                            planted++;
                        }
                    }
                }
                if (planted > 0) {
                    offsetX = sumX / planted;
                    offsetZ = sumZ / planted;
                }
            }
            float[][] frame = new float[plan.length][];
            for (int j = 0; j < plan.length; j++) {
                frame[j] = new float[] {(float) (plan[j][0] + offsetX), plan[j][1], (float) (plan[j][2] + offsetZ)};
            }
            for (int leg = 0; leg < 2; leg++) {
                int ankle = LEGS[leg][2], toe = LEGS[leg][3];
                if (footPlanted[leg]) {
                    if (lockAnkle[leg] == null || release[leg] > 0) {
                        lockAnkle[leg] = toDouble(frame[ankle]);
                        lockToe[leg] = toDouble(frame[toe]);
                    }
                    release[leg] = 0;
                    placeFoot(frame, LEGS[leg], lockAnkle[leg], lockToe[leg], 1);
                } else if (lockAnkle[leg] != null) {
                    release[leg]++;
                    double weight = 1 - release[leg] / (double) (RELEASE_FRAMES + 1);
                    if (weight <= 0) lockAnkle[leg] = null;
                    else placeFoot(frame, LEGS[leg], lockAnkle[leg], lockToe[leg], weight);
                }
            }
            float lowest = Float.POSITIVE_INFINITY;
            for (float[] joint : frame) lowest = Math.min(lowest, joint[1]);
            lift = Math.max(lowest < 0 ? -lowest : 0, lift * LIFT_RELEASE);
            for (float[] joint : frame) joint[1] += (float) lift;
            out[t] = frame;
            previous = frame;
        }
        return out;
    }

    private static boolean planted(float[][] plan, float[][] before, int j) {
        double speed = Math.hypot(plan[j][0] - before[j][0], plan[j][2] - before[j][2]) * FPS;
        double height = j == Skeleton.LEFT_ANKLE || j == Skeleton.RIGHT_ANKLE ? ANKLE_CONTACT_HEIGHT : TOE_CONTACT_HEIGHT;
        return plan[j][1] < height && before[j][1] < height && speed < CONTACT_SPEED;
    }

    /**
     * Moves the foot (ankle and toe, rigidly) towards its lock by {@code weight} (1 = onto it) and
     * re-solves the knee so that the thigh and shin keep their lengths.
     */
    private static void placeFoot(float[][] frame, int[] leg, double[] lockAnkle, double[] lockToe, double weight) {
        double[] hip = toDouble(frame[leg[0]]), knee = toDouble(frame[leg[1]]), ankle = toDouble(frame[leg[2]]), toe = toDouble(frame[leg[3]]);
        double thigh = Vec3.distance(hip, knee), shin = Vec3.distance(knee, ankle);
        double[] target = Vec3.addScaled(ankle, Vec3.sub(lockAnkle, ankle), weight);
        double[] toeTarget = Vec3.addScaled(toe, Vec3.sub(Vec3.add(target, Vec3.sub(lockToe, lockAnkle)), toe), weight);
        double[] reach = Vec3.sub(target, hip);
        double d = Vec3.norm(reach);
        double dMax = thigh + shin - 1e-6, dMin = Math.abs(thigh - shin) + 1e-6;
        if (d > dMax || d < dMin) { // unreachable: keep the direction, clamp the distance
            double clamped = Math.max(dMin, Math.min(dMax, d));
            double[] shift = Vec3.scale(reach, clamped / Math.max(d, 1e-9));
            double[] moved = Vec3.add(hip, shift);
            toeTarget = Vec3.add(toeTarget, Vec3.sub(moved, target));
            target = moved;
            reach = shift;
            d = clamped;
        }
        double[] axis = Vec3.scale(reach, 1 / d);
        double along = (thigh * thigh - shin * shin + d * d) / (2 * d);
        double height = Math.sqrt(Math.max(0, thigh * thigh - along * along));
        double[] pole = Vec3.sub(knee, hip);
        double[] perpendicular = Vec3.sub(pole, Vec3.scale(axis, Vec3.dot(pole, axis)));
        double pn = Vec3.norm(perpendicular);
        // A straight planned leg has no bend direction of its own: bend forward like a knee does.
        double[] bend = pn > 1e-6 ? Vec3.scale(perpendicular, 1 / pn) : new double[] {0, 0, 1};
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
