package io.genkern.motion.library;

import io.genkern.motion.Vec3;

/** Actions of the arms done standing: punch, wave (left, right, both), clap, arm circles. */
final class ArmActions {
    private ArmActions() {}

    /** The arm hanging relaxed, to which raised arms return. */
    private static void hang(Actor a, BodyPose p, int side, double t) {
        p.arms[side].swing(side, a.armWobble(t, side), 0.12, 0.15, a.rig.upperArm(), a.rig.forearm());
    }

    private static Stance relaxedStance(Actor a) {
        return new Stance(a, a.scale * a.uniform(0.08, 0.13), a.uniform(0.03, 0.2), a.scale * a.uniform(-0.06, 0.06));
    }

    /** Raise, act for {@code activeSeconds}, lower: 0 → 1 → 0 with the given raise time. */
    private static Track raised(double start, double raise, double activeSeconds) {
        return new Track().key(0, 0).key(start, 0).key(start + raise, 1).key(start + raise + activeSeconds, 1)
                .key(start + 2 * raise + activeSeconds, 0);
    }

    static Take punch(Actor a) {
        int lead = (int) a.param("right_handed", a.chance(0.5) ? 1 : 0) == 1 ? 0 : 1; // the lead hand is the weaker one
        int count = (int) a.param("count", a.between(2, 8));
        int pattern = (int) a.param("pattern", a.between(0, 2)); // 0 alternate, 1 lead hand only, 2 random
        double speed = a.param("speed", a.uniform(0.8, 1.3));
        double stagger = a.scale * a.uniform(0.15, 0.3) * (lead == 0 ? 1 : -1);
        Stance stance = new Stance(a, a.scale * a.uniform(0.1, 0.15), a.uniform(0.1, 0.35), stagger);
        Track[] extend = {new Track(), new Track()};
        double guardUp = a.uniform(0.3, 0.6);
        double t = guardUp + a.uniform(0.1, 0.4);
        for (Track e : extend) e.key(0, 0).key(t, 0);
        double[] last = {t, t};
        for (int i = 0; i < count; i++) {
            int hand = switch (pattern) {
                case 0 -> i % 2 == 0 ? lead : 1 - lead;
                case 1 -> lead;
                default -> a.chance(0.5) ? lead : 1 - lead;
            };
            double out = a.uniform(0.12, 0.2) / speed;
            double back = a.uniform(0.18, 0.3) / speed;
            double start = Math.max(t, last[hand] + 0.02);
            extend[hand].key(start, 0).key(start + out, 1).key(start + out + back, 0);
            last[hand] = start + out + back;
            t = start + out * a.uniform(0.9, 1.6) + back * 0.5 + a.uniform(0.05, 0.4) / speed;
        }
        double end = Math.max(last[0], last[1]);
        double seconds = a.param("seconds", Math.max(2.0, Math.min(9.8, end + guardUp + a.uniform(0.2, 0.6))));
        Track guard = new Track().key(0, 0).key(guardUp, 1).key(end + 0.1, 1).key(end + 0.1 + guardUp, 0);
        double stand = a.rig.standingHeight() - 0.03 * a.scale;
        double reach = 0.97 * a.rig.armLength();
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            double[] e = {extend[0].at(time), extend[1].at(time)};
            double g = guard.at(time);
            stance.pelvis(p, 0, 0);
            p.pelvisHeight = stand;
            p.yaw += 0.25 * (e[1] - e[0]);
            p.spineTwist += 0.3 * (e[1] - e[0]) + 0.25 * g * (lead == 0 ? -1 : 1);
            p.spineBend += 0.08 * g;
            for (int side = 0; side < 2; side++) {
                double mirror = side == 0 ? 1 : -1;
                double[] guardWrist = Vec3.of(-mirror * 0.1 * a.scale, -0.05 * a.scale, 0.2 * a.scale);
                double[] punchWrist = Vec3.of(-mirror * 0.12 * a.scale, 0.02, reach);
                double[] wrist = Vec3.lerp(guardWrist, punchWrist, e[side]);
                hang(a, p, side, time);
                p.arms[side].blendTo(wrist, Vec3.of(mirror * 0.4, -1, 0), g);
            }
            return p;
        });
    }

    /** {@code sides}: 0 left hand, 1 right hand, 2 both hands. */
    static Take wave(Actor a, int sides) {
        double hz = a.param("tempo_hz", a.uniform(1.2, 2.8));
        int cycles = (int) a.param("count", a.between(2, 8));
        double amplitude = a.param("amplitude", a.uniform(0.15, 0.4));
        double elevation = a.param("hand_height", a.uniform(0.5, 1.4));
        double raise = a.uniform(0.35, 0.7);
        double start = a.uniform(0.2, 0.8);
        double activeSeconds = cycles / hz;
        boolean mirrored = a.chance(0.5);
        double seconds = a.param("seconds", Math.max(2.0, Math.min(9.8, start + 2 * raise + activeSeconds + a.uniform(0.2, 0.8))));
        Track up = raised(start, raise, activeSeconds);
        Stance stance = relaxedStance(a);
        double stand = a.rig.standingHeight() + 0.05;
        double reach = a.uniform(0.75, 0.9) * a.rig.armLength();
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            stance.pelvis(p, 0, 0);
            p.pelvisHeight = stand;
            double u = up.at(time);
            double osc = Math.sin(2 * Math.PI * hz * (time - start - raise)) * Curves.window(time, start + raise, start + raise + activeSeconds, 0.2);
            for (int side = 0; side < 2; side++) {
                hang(a, p, side, time);
                if (sides != 2 && sides != side) continue;
                double mirror = side == 0 ? 1 : -1;
                double swing = amplitude * osc * (side == 1 && mirrored ? -1 : 1);
                double[] dir = Vec3.normalize(Vec3.of(mirror * 0.45 + swing, elevation, 0.3), Vec3.of(0, 1, 0));
                p.arms[side].blendTo(Vec3.scale(dir, reach), Vec3.of(mirror, -0.5, -0.2), u);
                p.shrug[side] = 0.12 * u * Math.min(1, elevation); // a raised arm lifts its collar bone
            }
            if (sides != 2) p.spineSide += (sides == 0 ? -1 : 1) * 0.04 * u;
            p.headYaw += (sides == 0 ? 0.2 : sides == 1 ? -0.2 : 0) * u;
            return p;
        });
    }

    static Take clap(Actor a) {
        double hz = a.param("tempo_hz", a.uniform(1.3, 3.0));
        int claps = (int) a.param("count", a.between(3, 12));
        double open = a.param("amplitude", a.scale * a.uniform(0.15, 0.4));
        double height = a.param("hand_height", a.uniform(-0.12, 0.25));
        double ahead = a.scale * a.uniform(0.28, 0.38);
        double raise = a.uniform(0.3, 0.6);
        double start = a.uniform(0.2, 0.8);
        double activeSeconds = claps / hz;
        double seconds = a.param("seconds", Math.max(2.0, Math.min(9.8, start + 2 * raise + activeSeconds + a.uniform(0.2, 0.8))));
        Track up = raised(start, raise, activeSeconds);
        Stance stance = relaxedStance(a);
        double stand = a.rig.standingHeight() + 0.05;
        double shoulderHalf = 0.17 * a.scale;
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            stance.pelvis(p, 0, 0);
            p.pelvisHeight = stand;
            double u = up.at(time);
            // cos starts at 1: hands open, meeting once per cycle.
            double gap = 0.06 * a.scale + open * (0.5 + 0.5 * Math.cos(2 * Math.PI * hz * (time - start - raise)));
            for (int side = 0; side < 2; side++) {
                double mirror = side == 0 ? 1 : -1;
                hang(a, p, side, time);
                double[] wrist = Vec3.of(mirror * (gap / 2 - shoulderHalf), height, ahead);
                p.arms[side].blendTo(wrist, Vec3.of(mirror * 0.7, -1, -0.3), u);
            }
            p.headPitch += 0.1 * u;
            return p;
        });
    }

    static Take armCircles(Actor a) {
        double hz = a.param("tempo_hz", a.uniform(0.6, 1.5));
        int circles = (int) a.param("count", a.between(2, 8));
        double radius = a.param("amplitude", a.uniform(0.15, 0.5));
        double direction = a.param("forward", a.chance(0.5) ? 1 : -1);
        double raise = a.uniform(0.4, 0.8);
        double start = a.uniform(0.2, 0.8);
        double activeSeconds = circles / hz;
        double seconds = a.param("seconds", Math.max(2.0, Math.min(9.8, start + 2 * raise + activeSeconds + a.uniform(0.2, 0.6))));
        Track up = raised(start, raise, activeSeconds);
        Stance stance = new Stance(a, a.scale * a.uniform(0.1, 0.16), a.uniform(0.03, 0.2), 0);
        double stand = a.rig.standingHeight() + 0.05;
        double reach = 0.96 * a.rig.armLength();
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            stance.pelvis(p, 0, 0);
            p.pelvisHeight = stand;
            double u = up.at(time);
            double phase = 2 * Math.PI * hz * (time - start - raise) * direction;
            double r = radius * Curves.window(time, start + raise * 0.5, start + raise + activeSeconds, 0.4);
            for (int side = 0; side < 2; side++) {
                double mirror = side == 0 ? 1 : -1;
                hang(a, p, side, time);
                // Forward circles: the hand goes up in front and down behind.
                double[] dir = Vec3.normalize(Vec3.of(mirror, r * Math.sin(phase), r * Math.cos(phase)), Vec3.of(mirror, 0, 0));
                p.arms[side].blendTo(Vec3.scale(dir, reach), Vec3.of(0, -0.3, -1), u);
                p.shrug[side] = 0.08 * u;
            }
            return p;
        });
    }
}
