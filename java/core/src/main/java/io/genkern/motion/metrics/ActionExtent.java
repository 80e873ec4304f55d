package io.genkern.motion.metrics;

import java.util.Map;
import java.util.Optional;

/**
 * How much of its action a motion does, by one number per kind of action: locomotion by its
 * travel speed (net horizontal pelvis displacement over the duration, m/s), squats and jumps by
 * the vertical range of the pelvis (m). A frozen squat, a walk on the spot or a jump that never
 * leaves the floor is the prompted action to a nearest-window classifier, but not to this.
 */
public final class ActionExtent {
    private ActionExtent() {}

    public enum Measure {
        SPEED("speed", "m/s"), PELVIS_RANGE("pelvis range", "m");

        public final String label, unit;

        Measure(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }
    }

    private static final Map<String, Measure> BY_ACTION = Map.of(
            "walk", Measure.SPEED, "jog", Measure.SPEED, "run", Measure.SPEED, "walk_backwards", Measure.SPEED,
            "side_step", Measure.SPEED, "hop_forward", Measure.SPEED,
            "squat", Measure.PELVIS_RANGE, "jump_in_place", Measure.PELVIS_RANGE);

    /** The measure of a library action, or empty for actions done in place by the arms or the whole body. */
    public static Optional<Measure> measureFor(String action) {
        return Optional.ofNullable(BY_ACTION.get(action));
    }

    /** The measure of positions [T][22][3] at {@code fps}. */
    public static double of(Measure measure, float[][][] positions, float fps) {
        int last = positions.length - 1;
        if (last < 1) throw new io.genkern.GenkernException("a motion of " + positions.length + " frames has no extent");
        return switch (measure) {
            case SPEED -> Math.hypot(positions[last][0][0] - positions[0][0][0], positions[last][0][2] - positions[0][0][2]) / (last / fps);
            case PELVIS_RANGE -> {
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (float[][] f : positions) {
                    lo = Math.min(lo, f[0][1]);
                    hi = Math.max(hi, f[0][1]);
                }
                yield hi - lo;
            }
        };
    }
}
