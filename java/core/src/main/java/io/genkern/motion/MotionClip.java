package io.genkern.motion;

import io.genkern.GenkernException;

import java.util.List;
import java.util.Map;

/**
 * One motion: joint positions [T][22][3] in metres at {@code fps} frames per second, its action label
 * (e.g. "walk", "wave_left"), plain-English descriptions for text conditioning and the generator
 * parameters that produced it (speed, stride, tempo ...; empty for captured clips).
 */
public record MotionClip(String id, String action, List<String> descriptions, float fps, float[][][] positions,
                         Map<String, Double> parameters) {
    public MotionClip {
        if (!(fps > 0)) throw new GenkernException("clip '" + id + "' has fps " + fps + "; must be positive");
        if (action == null || action.isBlank()) throw new GenkernException("clip '" + id + "' has no action label");
        Motions.check(positions, Skeleton.SMPL_JOINTS);
        descriptions = List.copyOf(descriptions);
        parameters = Map.copyOf(parameters);
    }

    public int frames() {
        return positions.length;
    }

    public double seconds() {
        return positions.length / (double) fps;
    }

    /** HumanML3D features [T − 1][263] of this clip; see {@link HumanMl3d}. */
    public float[][] features() {
        return HumanMl3d.toFeatures(positions);
    }
}
