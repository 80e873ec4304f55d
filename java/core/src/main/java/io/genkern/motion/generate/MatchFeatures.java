package io.genkern.motion.generate;

import io.genkern.motion.HumanMl3d;

/**
 * The HumanML3D features a window is matched on: root angular and linear velocity, root height and
 * the root-relative joint positions (indices 0..66). Rotations, local velocities and contacts are
 * returned by the denoiser (they are part of the values) but not matched on: they are functions of
 * the positions and would only weigh the same information twice.
 */
final class MatchFeatures {
    static final int COUNT = HumanMl3d.ROTATIONS_6D; // 67

    private MatchFeatures() {}
}
