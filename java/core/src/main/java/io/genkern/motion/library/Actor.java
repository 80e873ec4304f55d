package io.genkern.motion.library;

import io.genkern.motion.Skeleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleFunction;

/**
 * One performer of one clip: a body of randomised height, its starting heading, and small smooth
 * style noise (posture, head, arm sway) that makes two takes of the same action differ.
 */
final class Actor {
    final SplittableRandom rng;
    final double scale;
    final BodyRig rig;
    final double startYaw;
    final Map<String, Double> parameters = new LinkedHashMap<>();
    private final double posture;
    private final Curves.Noise bendNoise;
    private final Curves.Noise sideNoise;
    private final Curves.Noise twistNoise;
    private final Curves.Noise headPitchNoise;
    private final Curves.Noise headYawNoise;
    private final Curves.Noise armNoise;

    Actor(SplittableRandom rng) {
        this.rng = rng;
        this.scale = Curves.uniform(rng, 0.88, 1.12);
        this.rig = new BodyRig(Skeleton.smpl22().scaled(scale), Curves.uniform(rng, 0.975, 0.99));
        this.startYaw = Curves.uniform(rng, -Math.PI, Math.PI);
        this.posture = Curves.uniform(rng, -0.04, 0.08);
        double style = Curves.uniform(rng, 0.5, 1.5);
        bendNoise = new Curves.Noise(rng, 0.03 * style, 0.6);
        sideNoise = new Curves.Noise(rng, 0.02 * style, 0.5);
        twistNoise = new Curves.Noise(rng, 0.03 * style, 0.5);
        headPitchNoise = new Curves.Noise(rng, 0.06 * style, 0.6);
        headYawNoise = new Curves.Noise(rng, 0.10 * style, 0.4);
        armNoise = new Curves.Noise(rng, 0.05 * style, 0.7);
        parameters.put("body_scale", scale);
        parameters.put("style_noise", style);
    }

    double uniform(double lo, double hi) {
        return Curves.uniform(rng, lo, hi);
    }

    int between(int lo, int hiInclusive) {
        return lo + rng.nextInt(hiInclusive - lo + 1);
    }

    boolean chance(double p) {
        return rng.nextDouble() < p;
    }

    /** Records a drawn parameter (it ends up in {@link io.genkern.motion.MotionClip#parameters()}) and returns it. */
    double param(String name, double value) {
        parameters.put(name, value);
        return value;
    }

    /** A fresh pose with the actor's posture and style noise at time t. */
    BodyPose pose(double t) {
        BodyPose p = new BodyPose();
        p.spineBend = posture + bendNoise.at(t);
        p.spineSide = sideNoise.at(t);
        p.spineTwist = twistNoise.at(t);
        p.headPitch = headPitchNoise.at(t) - posture * 0.5;
        p.headYaw = headYawNoise.at(t);
        return p;
    }

    /** A small smooth wobble for arm angles. */
    double armWobble(double t, int side) {
        return armNoise.at(t + 7.3 * side);
    }

    /** Both arms relaxed at the sides, swinging by {@code swing} radians (left arm; the right mirrors). */
    void relaxedArms(BodyPose p, double t, double swing, double elbow) {
        for (int side = 0; side < 2; side++) {
            double s = side == 0 ? swing : -swing;
            p.arms[side].swing(side, s + armWobble(t, side), 0.12 + 0.5 * Math.abs(armWobble(t, side)), elbow,
                    rig.upperArm(), rig.forearm());
        }
    }

    Take take(double seconds, DoubleFunction<BodyPose> pose) {
        return new Take(seconds, pose, parameters);
    }
}
