package io.genkern.motion.library;

import java.util.function.DoubleUnaryOperator;

/**
 * Footstep planner for cyclic stepping gaits (walking, running, side-stepping, turning, marching).
 * Each foot alternates a stance phase, during which its toe stays exactly where it was planted, and
 * a swing phase that carries it to the next footprint along a minimum-jerk path lifted off the
 * floor. A footprint is placed where the hip will be halfway through that stance, so the body
 * passes over its planted foot. Late in stance the heel rises by rotating about the toe.
 */
final class Gait {
    final RootPath path;
    /** Seconds per stride (one step of each foot). */
    final double cycle;
    /** Fraction of the cycle a foot spends on the ground (above 0.5: double support; below: flight). */
    final double duty;
    /** Phase of each foot's touchdown as a fraction of the cycle: {0, 0.5} alternates the feet. */
    final double[] touchdown;
    double halfWidth;
    double toeAhead;
    double toeOut;
    double swingHeight;
    /** Heel lift (radians about the toe) reached at toe-off, and where in stance (fraction) it starts. */
    double heelLift;
    double heelStart = 0.6;
    /** Extra toe-down rotation of the foot in mid-swing (a high kick-back of the heel when running). */
    double swingPitch;
    /** Exponent of the lift profile sin(πs)^k: above 1 the foot peels off gently, below 1 it springs off (running). */
    double liftShape = 1.5;
    /** Fraction of the swing at each end in which the foot only rises or settles, without travelling. */
    double liftLead = 0.1;
    /** Scales each swing's lift; 0 keeps a foot on the floor while the body does not move. */
    DoubleUnaryOperator activity = t -> 1;

    Gait(RootPath path, double cycle, double duty, double[] touchdown) {
        this.path = path;
        this.cycle = cycle;
        this.duty = duty;
        this.touchdown = touchdown;
    }

    /** Sets {@code foot} (0 left, 1 right) at time t. */
    void place(BodyPose.Foot foot, int side, double t) {
        double u = t / cycle - touchdown[side];
        long k = (long) Math.floor(u);
        double f = u - k;
        if (f < duty) {
            footprint(foot, side, k);
            double lift = Curves.minJerk((f / duty - heelStart) / (1 - heelStart));
            foot.heelLift = heelLift * lift * liftScale(side, k);
            foot.support = 1;
            return;
        }
        double s = (f - duty) / (1 - duty);
        BodyPose.Foot from = new BodyPose.Foot();
        BodyPose.Foot to = new BodyPose.Foot();
        footprint(from, side, k);
        footprint(to, side, k + 1);
        double a = liftScale(side, k);
        // The toe rises before it travels and settles after it arrives, so it does not scuff the floor.
        double m = Curves.minJerk((s - liftLead) / (1 - 2 * liftLead));
        foot.toe = new double[] {
            from.toe[0] + (to.toe[0] - from.toe[0]) * m,
            swingHeight * a * Math.pow(Math.sin(Math.PI * s), liftShape),
            from.toe[2] + (to.toe[2] - from.toe[2]) * m
        };
        foot.yaw = from.yaw + (to.yaw - from.yaw) * m;
        foot.heelLift = a * (heelLift * (1 - Curves.minJerk(s / 0.7)) + swingPitch * Curves.bump(s / 0.85));
        foot.support = 0;
    }

    /**
     * How high the swing after stance k lifts the foot (0..1): the activity, but at least enough for
     * the step's length (a foot never shuffles along the floor), and 0 for a step that goes nowhere.
     */
    private double liftScale(int side, long k) {
        BodyPose.Foot from = new BodyPose.Foot();
        BodyPose.Foot to = new BodyPose.Foot();
        footprint(from, side, k);
        footprint(to, side, k + 1);
        double step = Math.hypot(to.toe[0] - from.toe[0], to.toe[2] - from.toe[2]) + 0.1 * Math.abs(to.yaw - from.yaw);
        return Math.max(activity.applyAsDouble(stanceMiddle(side, k + 1)), Math.min(1, step / 0.08));
    }

    /** Time of the middle of stance {@code k} of a foot. */
    double stanceMiddle(int side, long k) {
        return (k + touchdown[side] + duty / 2) * cycle;
    }

    private void footprint(BodyPose.Foot foot, int side, long k) {
        double t = stanceMiddle(side, k);
        double left = side == 0 ? halfWidth : -halfWidth;
        double[] xz = path.local(t, left, toeAhead);
        foot.toe = new double[] {xz[0], 0, xz[1]};
        foot.yaw = path.yaw(t) + (side == 0 ? toeOut : -toeOut);
    }

    /**
     * Phase angle of the stride at time t: 0 when the left foot touches down, π when the right does.
     * Arm swing and pelvis rotation follow cos/sin of it.
     */
    double strideAngle(double t) {
        return 2 * Math.PI * (t / cycle - touchdown[0]);
    }
}
