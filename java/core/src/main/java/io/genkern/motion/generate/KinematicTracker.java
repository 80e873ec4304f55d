package io.genkern.motion.generate;

import io.genkern.motion.Skeleton;

/**
 * A kinematic stand-in for a physics tracker: it keeps planted feet planted and the body above the
 * floor, and smooths its own corrections so they never pop.
 * <ul>
 *   <li>Foot locking: a foot joint is planted between two frames while the plan holds it within
 *   {@link #CONTACT_HEIGHT} of the floor and moving slower than {@link #CONTACT_SPEED}. The body is
 *   shifted horizontally so that its planted joints stay where they were executed in the frame
 *   before (the pelvis absorbs the difference, as a tracked character's would); without planted
 *   joints the shift carries over unchanged.</li>
 *   <li>Floor contact: a frame whose lowest joint is below y = 0 is lifted onto the floor; the lift
 *   is released gradually over the following frames (smoothing) instead of dropping at once.</li>
 * </ul>
 * Rigid per-frame translations only: bone lengths are untouched.
 */
public final class KinematicTracker implements Tracker {
    public static final double CONTACT_HEIGHT = 0.06;
    public static final double CONTACT_SPEED = 0.6; // m/s
    private static final float FPS = 20f;
    private static final double LIFT_RELEASE = 0.6; // fraction of the previous lift kept per frame

    @Override
    public float[][][] track(float[][][] planned, float[][][] executed) {
        int frames = planned.length;
        float[][][] out = new float[frames][][];
        float[][] previous = executed.length > 0 ? executed[executed.length - 1] : null;
        double offsetX = 0, offsetZ = 0, lift = 0;
        for (int t = 0; t < frames; t++) {
            float[][] plan = planned[t];
            float[][] before = t > 0 ? planned[t - 1] : null;
            if (previous != null && before != null) {
                double sumX = 0, sumZ = 0;
                int planted = 0;
                for (int j : Skeleton.SMPL_FOOT_JOINTS) {
                    double speed = Math.hypot(plan[j][0] - before[j][0], plan[j][2] - before[j][2]) * FPS;
                    if (plan[j][1] < CONTACT_HEIGHT && before[j][1] < CONTACT_HEIGHT && speed < CONTACT_SPEED) {
                        sumX += previous[j][0] - plan[j][0];
                        sumZ += previous[j][2] - plan[j][2];
                        planted++;
                    }
                }
                if (planted > 0) {
                    offsetX = sumX / planted;
                    offsetZ = sumZ / planted;
                }
            }
            float lowest = Float.POSITIVE_INFINITY;
            for (float[] joint : plan) lowest = Math.min(lowest, joint[1]);
            lift = Math.max(lowest < 0 ? -lowest : 0, lift * LIFT_RELEASE);
            float[][] frame = new float[plan.length][];
            for (int j = 0; j < plan.length; j++) {
                frame[j] = new float[] {(float) (plan[j][0] + offsetX), (float) (plan[j][1] + lift), (float) (plan[j][2] + offsetZ)};
            }
            out[t] = frame;
            previous = frame;
        }
        return out;
    }
}
