package io.genkern.motion.generate;

/**
 * Turns planned joint positions into executed ones, as a physics-based tracker would (CLoSD's RL
 * policy in a simulator). The closed-loop generator plans from what the tracker actually executed,
 * so a physics engine can replace the {@link KinematicTracker} behind this interface.
 */
public interface Tracker {
    /**
     * Executes {@code planned} [T][22][3] (world frame, metres, Y up) starting from the state after
     * {@code executed} (the frames executed so far, possibly none). Returns the executed frames
     * [T][22][3]; the input arrays are left untouched.
     */
    float[][][] track(float[][][] planned, float[][][] executed);
}
