package io.genkern.motion.library;

import io.genkern.motion.Quat;
import io.genkern.motion.Vec3;

/**
 * What a generator decides for one frame; {@link BodyRig} turns it into joint positions. Angles are
 * in radians. Sides are indexed 0 = left, 1 = right.
 */
final class BodyPose {
    /** Pelvis x and z in the world; pelvis height is {@link #pelvisHeight}, lowered if the legs cannot reach. */
    double pelvisX, pelvisZ;
    double pelvisHeight = Double.MAX_VALUE;
    /** Heading about +Y (0 faces +Z), forward lean of the pelvis (positive tips the trunk forward), sideways tilt. */
    double yaw, pelvisPitch, pelvisRoll;
    /** Bend of the spine above the pelvis, spread over spine1..spine3: forward, sideways (positive to the left), twist. */
    double spineBend, spineSide, spineTwist;
    double headPitch, headYaw;
    /** Raises the collar bones (positive lifts the shoulders), per side. */
    final double[] shrug = new double[2];

    final Foot[] feet = {new Foot(), new Foot()};
    final Arm[] arms = {new Arm(), new Arm()};

    /** A foot: where its toe joint is, which way it points and how far the heel is lifted (rotation about the toe). */
    static final class Foot {
        double[] toe = Vec3.of(0, 0, 0);
        double yaw;
        double heelLift;
        /** 1 while the foot bears weight: the pelvis is kept low enough for this leg to reach it; 0 in the air. */
        double support = 1;
    }

    /**
     * An arm: the wrist target and the direction the elbow should bend towards, both relative to the
     * shoulder and expressed in the chest frame (or, with {@code gravityFrame}, in the heading frame,
     * so that a hanging arm hangs straight down whatever the trunk does).
     */
    static final class Arm {
        double[] wrist = Vec3.of(0, -0.5, 0);
        double[] elbowPole = Vec3.of(0, 0, -1);
        boolean gravityFrame;

        /**
         * Sets a pendulum-style arm: the upper arm swung forward by {@code swing} and out to the side by
         * {@code abduct}, the elbow flexed by {@code elbowFlex}, for an arm on {@code side}.
         */
        void swing(int side, double swing, double abduct, double elbowFlex, double upperLength, double foreLength) {
            double mirror = side == 0 ? 1 : -1;
            double[] frame = Quat.mul(Quat.aboutZ(mirror * abduct),
                    Quat.aboutX(-swing));
            double[] upper = Quat.rotate(frame, Vec3.of(0, -1, 0));
            double[] fore = Quat.rotate(Quat.mul(frame,
                    Quat.aboutX(-elbowFlex)), Vec3.of(0, -1, 0));
            wrist = Vec3.add(Vec3.scale(upper, upperLength), Vec3.scale(fore, foreLength));
            elbowPole = Quat.rotate(frame, Vec3.of(0, 0, -1));
            gravityFrame = false;
        }

        /** Sets the wrist target and elbow pole directly (chest frame, relative to the shoulder). */
        void reach(double[] wristTarget, double[] pole) {
            wrist = wristTarget.clone();
            elbowPole = pole.clone();
            gravityFrame = false;
        }

        /**
         * Blends from this arm's current target to another pose: the wrist turns about the shoulder along
         * a great circle while its distance changes linearly, so a raised arm sweeps up instead of folding.
         */
        void blendTo(double[] wristTarget, double[] pole, double u) {
            double from = Vec3.norm(wrist);
            double to = Vec3.norm(wristTarget);
            double[] turn = Quat.slerp(Quat.identity(), Quat.between(wrist, wristTarget), u);
            wrist = Vec3.scale(Vec3.normalize(Quat.rotate(turn, wrist), wristTarget), from + (to - from) * u);
            elbowPole = Vec3.lerp(elbowPole, pole, u);
        }
    }
}
