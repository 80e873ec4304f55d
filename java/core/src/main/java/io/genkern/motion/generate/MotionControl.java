package io.genkern.motion.generate;

import io.genkern.GenkernException;
import io.genkern.motion.HumanMl3d;

/**
 * Known feature values that generation must honour (inpainting): {@code mask[t][f]} in [0, 1] says
 * how strongly feature f of frame t is fixed (1 = exactly, soft values blend), {@code known[t][f]}
 * its value in HumanML3D feature units (not z-scored). Built by {@link MotionControls}.
 */
public record MotionControl(float[][] mask, float[][] known, String describe) {
    public MotionControl {
        if (mask.length != known.length) {
            throw new GenkernException("control mask has " + mask.length + " frames but known values " + known.length);
        }
        for (int t = 0; t < mask.length; t++) {
            if (mask[t].length != HumanMl3d.FEATURES || known[t].length != HumanMl3d.FEATURES) {
                throw new GenkernException("control frame " + t + " must have " + HumanMl3d.FEATURES + " features");
            }
            for (float m : mask[t]) {
                if (!(m >= 0 && m <= 1)) throw new GenkernException("control mask value " + m + " at frame " + t + " is outside [0, 1]");
            }
        }
    }

    public int frames() {
        return mask.length;
    }

    /** An empty control over the given number of frames (nothing fixed). */
    public static MotionControl none(int frames) {
        return new MotionControl(new float[frames][HumanMl3d.FEATURES], new float[frames][HumanMl3d.FEATURES], "none");
    }

    /** Both controls at once: the stronger mask wins per element. */
    public MotionControl and(MotionControl other) {
        if (other.frames() != frames()) throw new GenkernException("controls cover " + frames() + " and " + other.frames() + " frames");
        float[][] m = new float[frames()][HumanMl3d.FEATURES], k = new float[frames()][HumanMl3d.FEATURES];
        for (int t = 0; t < frames(); t++) {
            for (int f = 0; f < HumanMl3d.FEATURES; f++) {
                boolean mine = mask[t][f] >= other.mask[t][f];
                m[t][f] = mine ? mask[t][f] : other.mask[t][f];
                k[t][f] = mine ? known[t][f] : other.known[t][f];
            }
        }
        return new MotionControl(m, k, describe.equals("none") ? other.describe : other.describe.equals("none") ? describe : describe + " + " + other.describe);
    }

    /** Whether any frame fixes, even softly, the pelvis-relative position of one of these joints (not the pelvis). */
    public boolean fixesAnyJoint(int... joints) {
        for (float[] row : mask) {
            for (int j : joints) {
                if (j < 1 || j >= HumanMl3d.JOINTS) throw new GenkernException("joint " + j + " has no pelvis-relative features");
                int base = HumanMl3d.RIC + (j - 1) * 3;
                if (row[base] > 0 || row[base + 1] > 0 || row[base + 2] > 0) return true;
            }
        }
        return false;
    }

    /** Whether any frame fixes, even softly, the root's path over the floor (its heading or horizontal velocity). */
    public boolean fixesRootPath() {
        for (float[] row : mask) for (int f = 0; f < HumanMl3d.ROOT_HEIGHT; f++) if (row[f] > 0) return true;
        return false;
    }

    boolean isEmpty() {
        for (float[] row : mask) for (float v : row) if (v > 0) return false;
        return true;
    }
}
