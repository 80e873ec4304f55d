package io.genkern.motion.library;

import java.util.function.DoubleUnaryOperator;

/** Stepping actions: walk, jog, run, walk backwards, side-step, turn in place, march. */
final class Locomotion {
    private Locomotion() {}

    /** How the trunk and arms ride on a gait. */
    private static final class Carriage {
        double pelvisBase = Double.MAX_VALUE;
        double bounce;
        double lean;
        double armSwing;
        double armForward;
        double elbow;
        double twist;
        double sway;
        /** +1 when the body travels forward, −1 backwards: which leg is ahead at touchdown. */
        double travel = 1;
    }

    static Take walk(Actor a) {
        double seconds = a.param("seconds", a.uniform(3, 9.5));
        double speed = a.param("speed", a.uniform(0.6, 1.4));
        double cadence = a.param("cadence", 90 + 30 * (speed - 0.6) / 0.8 + a.uniform(-6, 6));
        a.param("stride", speed * 120 / cadence);
        double turnRate = a.param("turn_rate", a.chance(0.35) ? a.uniform(0.15, 0.4) * (a.chance(0.5) ? 1 : -1) : 0);
        boolean fromRest = a.param("starts_from_rest", a.chance(0.3) ? 1 : 0) > 0;
        boolean stops = a.param("stops_at_end", a.chance(0.2) ? 1 : 0) > 0;
        double[] envelope = {fromRest ? 0 : -10, stops ? seconds - 1.3 : seconds + 10};
        DoubleUnaryOperator level = t -> Curves.ramp(t, envelope[0], 1.0) * (1 - Curves.ramp(t, envelope[1], 1.0));
        RootPath path = new RootPath(seconds, a.startYaw, t -> speed * level.applyAsDouble(t), t -> 0, t -> turnRate * level.applyAsDouble(t));
        Gait gait = new Gait(path, 120 / cadence, a.uniform(0.58, 0.63), new double[] {0, 0.5});
        gait.halfWidth = a.scale * a.uniform(0.09, 0.13);
        gait.toeAhead = a.rig.toeAheadOfPelvis();
        gait.toeOut = a.uniform(0.03, 0.15);
        gait.swingHeight = a.scale * a.uniform(0.04, 0.08);
        gait.heelLift = a.param("heel_lift", a.uniform(0.45, 0.75));
        gait.activity = level;
        Carriage c = new Carriage();
        c.lean = a.uniform(0.0, 0.08) + 0.03 * speed;
        c.armSwing = a.param("arm_swing", a.uniform(0.12, 0.4) * speed);
        c.elbow = a.uniform(0.1, 0.4);
        c.twist = a.uniform(0.03, 0.08);
        c.sway = a.scale * a.uniform(0.01, 0.03);
        return ride(a, seconds, gait, c, level);
    }

    /** {@code running}: true for a run, false for a jog. */
    static Take run(Actor a, boolean running) {
        double seconds = a.param("seconds", a.uniform(2.5, 8));
        double speed = a.param("speed", running ? a.uniform(2.4, 3.6) : a.uniform(1.5, 2.3));
        double cadence = a.param("cadence", running ? a.uniform(160, 182) : a.uniform(145, 165));
        a.param("stride", speed * 120 / cadence);
        double contact = running ? a.uniform(0.2, 0.25) : a.uniform(0.26, 0.3);
        double turnRate = a.param("turn_rate", a.chance(0.25) ? a.uniform(0.15, 0.35) * (a.chance(0.5) ? 1 : -1) : 0);
        RootPath path = new RootPath(seconds, a.startYaw, t -> speed, t -> 0, t -> turnRate);
        double cycle = 120 / cadence;
        Gait gait = new Gait(path, cycle, contact / cycle, new double[] {0, 0.5});
        gait.halfWidth = a.scale * a.uniform(0.06, 0.1);
        gait.toeAhead = a.rig.toeAheadOfPelvis();
        gait.toeOut = a.uniform(0.0, 0.1);
        gait.swingHeight = a.scale * (running ? a.uniform(0.14, 0.26) : a.uniform(0.08, 0.16));
        gait.swingPitch = running ? a.uniform(0.8, 1.3) : a.uniform(0.5, 0.9);
        gait.heelLift = a.uniform(0.6, 0.9);
        gait.heelStart = 0.3;
        gait.liftLead = 0.03;
        gait.liftShape = 0.7;
        Carriage c = new Carriage();
        c.pelvisBase = a.rig.standingHeight() - a.scale * (running ? 0.04 : 0.03);
        c.bounce = a.scale * (running ? a.uniform(0.03, 0.05) : a.uniform(0.02, 0.04));
        c.lean = running ? a.uniform(0.12, 0.22) : a.uniform(0.06, 0.14);
        c.armSwing = a.param("arm_swing", running ? a.uniform(0.5, 0.8) : a.uniform(0.35, 0.6));
        c.armForward = 0.2;
        c.elbow = a.uniform(1.3, 1.75);
        c.twist = a.uniform(0.05, 0.1);
        c.sway = a.scale * 0.01;
        return ride(a, seconds, gait, c, t -> 1);
    }

    static Take walkBackwards(Actor a) {
        double seconds = a.param("seconds", a.uniform(3, 8));
        double speed = a.param("speed", a.uniform(0.4, 0.9));
        double cadence = a.param("cadence", a.uniform(85, 110));
        a.param("stride", speed * 120 / cadence);
        double turnRate = a.param("turn_rate", a.chance(0.2) ? a.uniform(0.1, 0.3) * (a.chance(0.5) ? 1 : -1) : 0);
        RootPath path = new RootPath(seconds, a.startYaw, t -> -speed, t -> 0, t -> turnRate);
        Gait gait = new Gait(path, 120 / cadence, a.uniform(0.6, 0.65), new double[] {0, 0.5});
        gait.halfWidth = a.scale * a.uniform(0.09, 0.13);
        gait.toeAhead = a.rig.toeAheadOfPelvis();
        gait.toeOut = a.uniform(0.03, 0.15);
        gait.swingHeight = a.scale * a.uniform(0.04, 0.07);
        gait.heelLift = a.uniform(0.1, 0.25);
        gait.heelStart = 0.7;
        Carriage c = new Carriage();
        c.travel = -1;
        c.lean = a.uniform(-0.02, 0.06);
        c.armSwing = a.uniform(0.08, 0.25);
        c.elbow = a.uniform(0.1, 0.4);
        c.twist = a.uniform(0.02, 0.05);
        c.sway = a.scale * a.uniform(0.01, 0.025);
        return ride(a, seconds, gait, c, t -> 1);
    }

    static Take sideStep(Actor a) {
        double seconds = a.param("seconds", a.uniform(2.5, 7));
        double direction = a.param("direction_left", a.chance(0.5) ? 1 : -1);
        double cycle = 120 / a.param("cadence", a.uniform(95, 130));
        double halfWidth = a.scale * a.uniform(0.14, 0.19);
        // The trailing foot closes in on the leading one but never crosses it.
        double speed = a.param("speed", Math.min(a.uniform(0.25, 0.55), 2 * (2 * halfWidth - 0.09 * a.scale) / cycle));
        RootPath path = new RootPath(seconds, a.startYaw, t -> 0, t -> direction * speed, t -> 0);
        Gait gait = new Gait(path, cycle, a.uniform(0.62, 0.7), new double[] {direction > 0 ? 0 : 0.5, direction > 0 ? 0.5 : 0});
        gait.halfWidth = halfWidth;
        gait.toeAhead = a.rig.toeAheadOfPelvis();
        gait.toeOut = a.uniform(0.05, 0.2);
        gait.swingHeight = a.scale * a.uniform(0.04, 0.08);
        gait.heelLift = a.uniform(0.05, 0.15);
        gait.heelStart = 0.75;
        Carriage c = new Carriage();
        c.lean = a.uniform(0, 0.08);
        c.armSwing = 0;
        c.elbow = a.uniform(0.1, 0.6);
        c.sway = a.scale * a.uniform(0.005, 0.015);
        return ride(a, seconds, gait, c, t -> 1);
    }

    /** {@code direction} +1 turns left (towards the body's left, counter-clockwise seen from above), −1 right. */
    static Take turn(Actor a, double direction) {
        double seconds = a.param("seconds", a.uniform(2.5, 5.5));
        double angle = a.param("angle_degrees", a.uniform(80, 190));
        double start = a.uniform(0.3, 0.8);
        double length = a.param("turn_seconds", Math.min(seconds - start - 0.5, a.uniform(1.2, 3.0)));
        double total = Math.toRadians(angle) * direction;
        double drift = a.uniform(0, 0.15);
        DoubleUnaryOperator turning = t -> {
            double u = (t - start) / length;
            return u <= 0 || u >= 1 ? 0 : 30 * u * u * (1 - u) * (1 - u) / length; // d/dt of the minimum-jerk blend
        };
        DoubleUnaryOperator active = t -> Curves.window(t, start - 0.15, start + length + 0.15, 0.3);
        RootPath path = new RootPath(seconds, a.startYaw, t -> drift * active.applyAsDouble(t), t -> 0, t -> total * turning.applyAsDouble(t));
        Gait gait = new Gait(path, 120 / a.param("cadence", a.uniform(100, 130)), a.uniform(0.62, 0.7), new double[] {0, 0.5});
        gait.halfWidth = a.scale * a.uniform(0.09, 0.13);
        gait.toeAhead = a.rig.toeAheadOfPelvis();
        gait.toeOut = a.uniform(0.03, 0.15);
        gait.swingHeight = a.scale * a.uniform(0.04, 0.07);
        gait.heelLift = a.uniform(0.1, 0.3);
        gait.activity = active;
        Carriage c = new Carriage();
        c.lean = a.uniform(0, 0.06);
        c.armSwing = a.uniform(0.05, 0.15);
        c.elbow = a.uniform(0.1, 0.4);
        c.sway = a.scale * a.uniform(0.005, 0.015);
        return ride(a, seconds, gait, c, active);
    }

    static Take march(Actor a) {
        double seconds = a.param("seconds", a.uniform(3, 8));
        double speed = a.param("speed", a.chance(0.5) ? 0 : a.uniform(0.2, 0.6));
        double cadence = a.param("cadence", a.uniform(100, 130));
        RootPath path = new RootPath(seconds, a.startYaw, t -> speed, t -> 0, t -> 0);
        Gait gait = new Gait(path, 120 / cadence, a.uniform(0.55, 0.6), new double[] {0, 0.5});
        gait.halfWidth = a.scale * a.uniform(0.09, 0.12);
        gait.toeAhead = a.rig.toeAheadOfPelvis();
        gait.toeOut = a.uniform(0.03, 0.12);
        gait.swingHeight = a.param("knee_lift", a.scale * a.uniform(0.15, 0.32));
        gait.swingPitch = a.uniform(0.3, 0.6);
        gait.heelLift = a.uniform(0.2, 0.4);
        gait.heelStart = 0.7;
        Carriage c = new Carriage();
        c.lean = a.uniform(-0.03, 0.04);
        c.armSwing = a.param("arm_swing", a.uniform(0.4, 0.9));
        c.elbow = a.chance(0.5) ? a.uniform(0.05, 0.2) : a.uniform(1.0, 1.5);
        c.twist = a.uniform(0.02, 0.05);
        c.sway = a.scale * a.uniform(0.01, 0.025);
        return ride(a, seconds, gait, c, t -> 1);
    }

    /** Puts trunk, arms and feet on the gait; {@code level} (0..1) scales the stride-driven swings. */
    private static Take ride(Actor a, double seconds, Gait gait, Carriage c, DoubleUnaryOperator level) {
        return a.take(seconds, t -> {
            BodyPose p = a.pose(t);
            double phi = gait.strideAngle(t);
            double l = level.applyAsDouble(t);
            double stanceSway = Math.cos(phi - Math.PI * gait.duty);
            double[] xz = gait.path.local(t, c.sway * stanceSway * l, 0);
            p.pelvisX = xz[0];
            p.pelvisZ = xz[1];
            p.pelvisHeight = c.pelvisBase == Double.MAX_VALUE ? c.pelvisBase
                    : c.pelvisBase - c.bounce * Math.cos(2 * (phi - Math.PI * gait.duty));
            double twist = c.twist * c.travel * Math.cos(phi) * l;
            p.yaw = gait.path.yaw(t) - twist;
            p.spineTwist += 1.4 * twist;
            p.pelvisPitch = 0.4 * c.lean;
            p.spineBend += 0.6 * c.lean;
            p.pelvisRoll = 0.04 * stanceSway * l;
            p.headPitch -= 0.8 * c.lean;
            double swing = c.armSwing * c.travel * Math.cos(phi) * l;
            for (int side = 0; side < 2; side++) {
                double s = (side == 0 ? -swing : swing) + c.armForward * l + a.armWobble(t, side);
                p.arms[side].swing(side, s, 0.1 + 0.05 * c.elbow, c.elbow * (0.6 + 0.4 * l) + 0.15 * Math.max(0, s),
                        a.rig.upperArm(), a.rig.forearm());
            }
            gait.place(p.feet[0], 0, t);
            gait.place(p.feet[1], 1, t);
            return p;
        });
    }
}
