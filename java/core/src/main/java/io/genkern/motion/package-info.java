/**
 * Human motion on the 22-joint SMPL skeleton (Y up, facing +Z, metres, 20 fps).
 *
 * <ul>
 *   <li>{@link io.genkern.motion.Skeleton}, {@link io.genkern.motion.Kinematics}, {@link io.genkern.motion.Quat}:
 *       the joint hierarchy, forward / inverse kinematics (hierarchical for BVH, chain-wise as HumanML3D), rotation
 *       conversions (matrix, 6D, ZXY Euler).</li>
 *   <li>{@link io.genkern.motion.library.MotionLibrary}: the procedural data set, {@link io.genkern.motion.MotionClip}s
 *       of 20 actions with captions.</li>
 *   <li>{@link io.genkern.motion.HumanMl3d}, {@link io.genkern.motion.FeatureStats}: the 263-feature representation
 *       both ways and its normalisation statistics.</li>
 *   <li>{@link io.genkern.motion.io}: BVH in and out, a self-contained HTML viewer, GIF / PNG renderings, .npy files.</li>
 *   <li>{@link io.genkern.motion.metrics}: foot skating, floor penetration, jitter, bone-length change, diversity,
 *       novelty, and the library's own reference values.</li>
 * </ul>
 */
package io.genkern.motion;
