package io.genkern.motion.library;

import io.genkern.motion.Vec3;

/** Whole-body actions done on the spot or in hops: jump, hop forward, squat, bow, kick, idle. */
final class BodyActions {
    private static final double GRAVITY = 9.81;

    private BodyActions() {}

    static Take jumpInPlace(Actor a) {
        return jumps(a, false);
    }

    static Take hopForward(Actor a) {
        return jumps(a, true);
    }

    /**
     * Two-footed jumps: crouch, push off with the heels rising, a ballistic flight, a landing that
     * absorbs the fall, and a recovery. Hops also travel forward while airborne.
     */
    private static Take jumps(Actor a, boolean travel) {
        int count = (int) a.param("count", travel ? a.between(2, 4) : a.between(1, 3));
        double height = a.param("jump_height", a.scale * (travel ? a.uniform(0.08, 0.22) : a.uniform(0.1, 0.35)));
        double distance = travel ? a.param("hop_distance", a.scale * a.uniform(0.3, 0.8)) : 0;
        double crouch = a.scale * a.uniform(0.12, 0.26);
        double armLift = a.param("arm_lift", a.uniform(0.6, 2.2));
        double v0 = Math.sqrt(2 * GRAVITY * height);
        double flight = 2 * v0 / GRAVITY;
        double stand = a.rig.standingHeight() + 0.05;
        double takeoff = a.rig.standingHeight() + 0.04 * a.scale;
        Stance stance = new Stance(a, a.scale * a.uniform(0.09, 0.13), a.uniform(0.03, 0.15), 0);

        Track pelvis = new Track();
        Track heel = new Track();
        Track arms = new Track();
        Track bend = new Track();
        Track advance = new Track();
        Track feetAdvance = new Track();
        double[][] flights = new double[count][];
        double t = a.uniform(0.3, 0.8);
        pelvis.key(0, stand).key(t, stand);
        heel.key(0, 0).key(t, 0);
        arms.key(0, 0).key(t, 0);
        bend.key(0, 0).key(t, 0);
        advance.key(0, 0).key(t, 0);
        feetAdvance.key(0, 0).key(t, 0);
        for (int i = 0; i < count; i++) {
            double prep = a.uniform(0.3, 0.5);
            double push = a.uniform(0.18, 0.28);
            double absorb = a.uniform(0.2, 0.32);
            double recover = a.uniform(0.3, 0.5);
            double tLow = t + prep;
            double tOff = tLow + push;
            double tLand = tOff + flight;
            double tAbsorbed = tLand + absorb;
            double tUp = tAbsorbed + recover;
            double c = crouch * a.uniform(0.8, 1.2);
            pelvis.key(tLow, stand - 0.05 - c, 0).key(tOff, takeoff, v0).key(tLand, takeoff, -v0)
                    .key(tAbsorbed, stand - 0.05 - 0.7 * c, 0).key(tUp, stand, 0);
            heel.key(tLow, 0).key(tOff, 0.55).key(tLand, 0.3).key(tLand + 0.4 * absorb, 0);
            arms.key(tLow - 0.1, -0.7).key(tOff, 0.5 * armLift).key(tOff + flight / 2, armLift).key(tLand, 0.8 * armLift)
                    .key(tAbsorbed, 0.3).key(tUp, 0);
            bend.key(tLow, 1).key(tOff, 0).key(tLand, 0.1).key(tAbsorbed, 0.7).key(tUp, 0);
            double from = i * distance;
            advance.key(tLow, from + 0.1 * distance).key(tAbsorbed, from + 0.9 * distance).key(tUp, from + distance);
            feetAdvance.key(tOff, from, 0).key(tLand, from + distance, 0);
            flights[i] = new double[] {tOff, tLand};
            t = tUp + (i + 1 < count ? a.uniform(0.05, 0.6) : 0);
        }
        double seconds = a.param("seconds", Math.max(2.0, Math.min(9.8, t + a.uniform(0.3, 1.0))));
        double lean = a.uniform(0.2, 0.45);
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            double lift = 0;
            for (double[] f : flights) if (time > f[0] && time < f[1]) lift = Math.max(0, pelvis.at(time) - takeoff);
            double forward = feetAdvance.at(time);
            double[] shift = stance.local(0, forward);
            for (BodyPose.Foot foot : p.feet) {
                foot.toe = new double[] {foot.toe[0] + shift[0], lift, foot.toe[2] + shift[1]};
                foot.heelLift = heel.at(time);
            }
            stance.pelvis(p, 0, advance.at(time) - 0.08 * bend.at(time));
            p.pelvisHeight = pelvis.at(time);
            p.pelvisPitch = lean * bend.at(time);
            p.spineBend += 0.5 * lean * bend.at(time);
            p.headPitch -= 0.6 * lean * bend.at(time);
            double swing = arms.at(time);
            for (int side = 0; side < 2; side++) {
                p.arms[side].swing(side, swing + a.armWobble(time, side), 0.15, 0.3 + 0.2 * Math.abs(swing), a.rig.upperArm(), a.rig.forearm());
            }
            return p;
        });
    }

    static Take squat(Actor a) {
        int reps = (int) a.param("count", a.between(1, 5));
        double depth = a.param("depth", a.scale * a.uniform(0.22, 0.48));
        double period = a.param("seconds_per_rep", a.uniform(1.6, 3.0));
        double armsForward = a.param("arms_forward", a.chance(0.6) ? a.uniform(1.1, 1.6) : 0);
        Stance stance = new Stance(a, a.scale * a.uniform(0.13, 0.2), a.uniform(0.2, 0.45), 0);
        Track drop = new Track();
        double t = a.uniform(0.3, 0.8);
        drop.key(0, 0).key(t, 0);
        for (int i = 0; i < reps; i++) {
            double down = period * a.uniform(0.38, 0.45);
            double hold = period * a.uniform(0.05, 0.2);
            drop.key(t + down, 1).key(t + down + hold, 1);
            t += period;
            drop.key(t, 0);
            t += a.uniform(0.05, 0.5);
        }
        double seconds = a.param("seconds", Math.max(2.0, Math.min(9.8, t + a.uniform(0.2, 0.8))));
        double stand = a.rig.standingHeight() + 0.05;
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            double d = drop.at(time);
            stance.pelvis(p, 0, -0.5 * depth * d);
            p.pelvisHeight = stand - (depth + 0.05) * d;
            p.pelvisPitch = 0.45 * d * depth / 0.35;
            p.spineBend += 0.15 * d;
            p.headPitch -= 0.5 * d;
            for (int side = 0; side < 2; side++) {
                p.arms[side].swing(side, armsForward * d + a.armWobble(time, side), 0.12, 0.2, a.rig.upperArm(), a.rig.forearm());
            }
            return p;
        });
    }

    static Take bow(Actor a) {
        int count = (int) a.param("count", a.chance(0.7) ? 1 : 2);
        double angle = a.param("bow_degrees", a.uniform(20, 70));
        Stance stance = new Stance(a, a.scale * a.uniform(0.07, 0.11), a.uniform(0.0, 0.12), 0);
        Track depth = new Track();
        double t = a.uniform(0.4, 1.0);
        depth.key(0, 0).key(t, 0);
        for (int i = 0; i < count; i++) {
            t += a.uniform(0.7, 1.3);
            depth.key(t, 1);
            t += a.uniform(0.3, 1.5);
            depth.key(t, 1);
            t += a.uniform(0.8, 1.3);
            depth.key(t, 0);
            t += a.uniform(0.2, 0.6);
        }
        double seconds = a.param("seconds", Math.max(2.0, Math.min(9.8, t + a.uniform(0.2, 0.8))));
        double bend = Math.toRadians(angle);
        double stand = a.rig.standingHeight() + 0.05;
        boolean handsFront = a.param("hands_in_front", a.chance(0.3) ? 1 : 0) > 0;
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            double d = depth.at(time) * bend;
            stance.pelvis(p, 0, -0.16 * Math.sin(d) * a.scale);
            p.pelvisHeight = stand;
            p.pelvisPitch = 0.55 * d;
            p.spineBend += 0.45 * d;
            p.headPitch += 0.15 * d;
            for (int side = 0; side < 2; side++) {
                BodyPose.Arm arm = p.arms[side];
                double mirror = side == 0 ? 1 : -1;
                double along = 0.95 * a.rig.armLength();
                arm.wrist = handsFront ? Vec3.of(-mirror * 0.1 * a.scale, -0.85 * along, 0.25 * along)
                        : Vec3.of(mirror * 0.03, -along, 0.03);
                arm.elbowPole = Vec3.of(mirror * 0.3, 0, -1);
                arm.gravityFrame = true;
            }
            return p;
        });
    }

    static Take kick(Actor a) {
        int kicks = (int) a.param("count", a.between(1, 3));
        int kicker = (int) a.param("right_leg", a.chance(0.6) ? 1 : 0);
        double height = a.param("kick_height", a.scale * a.uniform(0.3, 0.95));
        double reach = a.scale * a.uniform(0.35, 0.6);
        Stance stance = new Stance(a, a.scale * a.uniform(0.09, 0.13), a.uniform(0.05, 0.2), 0);
        Track up = new Track();
        Track out = new Track();
        Track pitch = new Track();
        Track active = new Track();
        double t = a.uniform(0.4, 0.9);
        for (Track k : new Track[] {up, out, pitch, active}) k.key(0, 0).key(t, 0);
        for (int i = 0; i < kicks; i++) {
            double dur = a.param("seconds_per_kick", a.uniform(0.8, 1.3));
            double h = height * a.uniform(0.85, 1.1);
            double k0 = t + 0.3; // shift the weight onto the standing leg first
            active.key(k0, 1);
            up.key(k0, 0).key(k0 + 0.3 * dur, 0.35 * h + 0.08).key(k0 + 0.5 * dur, h).key(k0 + 0.7 * dur, 0.35 * h + 0.08).key(k0 + dur, 0);
            out.key(k0, 0).key(k0 + 0.3 * dur, 0.02).key(k0 + 0.5 * dur, reach).key(k0 + 0.7 * dur, 0.05).key(k0 + dur, 0);
            pitch.key(k0, 0).key(k0 + 0.3 * dur, 0.8).key(k0 + 0.5 * dur, 0.35).key(k0 + 0.7 * dur, 0.7).key(k0 + dur, 0);
            t = k0 + dur;
            active.key(t + 0.05, 1).key(t + 0.35, 0);
            t += 0.35 + a.uniform(0.05, 0.5);
        }
        double seconds = a.param("seconds", Math.max(2.0, Math.min(9.8, t + a.uniform(0.2, 0.6))));
        double shift = stance.halfWidth * 0.8;
        double stand = a.rig.standingHeight() + 0.05;
        double mirror = kicker == 0 ? 1 : -1;
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            double w = active.at(time);
            double lift = Math.max(0, up.at(time));
            BodyPose.Foot foot = p.feet[kicker];
            double[] ahead = stance.local(0, out.at(time));
            foot.toe = new double[] {foot.toe[0] + ahead[0], lift, foot.toe[2] + ahead[1]};
            foot.heelLift = Math.max(0, pitch.at(time));
            foot.support = 1 - Curves.clamp01(lift / 0.04);
            stance.pelvis(p, -mirror * shift * w, -0.03 * w);
            p.pelvisHeight = stand;
            p.pelvisPitch = -0.25 * lift / Math.max(height, 0.1) * w;
            p.pelvisRoll = -mirror * 0.04 * w;
            p.spineBend += 0.1 * w;
            p.spineSide -= mirror * 0.05 * w; // lean over the standing leg
            for (int side = 0; side < 2; side++) {
                p.arms[side].swing(side, (side == kicker ? -0.3 : 0.4) * w + a.armWobble(time, side), 0.2 + 0.5 * w, 0.4 + 0.8 * w,
                        a.rig.upperArm(), a.rig.forearm());
            }
            return p;
        });
    }

    static Take idle(Actor a) {
        double seconds = a.param("seconds", a.uniform(2, 9.5));
        double shiftAmount = a.param("weight_shift", a.scale * a.uniform(0.01, 0.05));
        double shiftHz = a.uniform(0.08, 0.3);
        double phase = a.uniform(0, 2 * Math.PI);
        double lookAround = a.param("look_around", a.chance(0.5) ? a.uniform(0.3, 0.8) : 0);
        double lookHz = a.uniform(0.1, 0.25);
        double breathHz = a.uniform(0.2, 0.33);
        Stance stance = new Stance(a, a.scale * a.uniform(0.08, 0.14), a.uniform(0.02, 0.25), a.scale * a.uniform(-0.1, 0.1));
        double stand = a.rig.standingHeight() + 0.05;
        double hands = a.param("hands_behind_back", a.chance(0.25) ? 1 : 0);
        return a.take(seconds, time -> {
            BodyPose p = a.pose(time);
            stance.plant(p);
            double s = Math.sin(2 * Math.PI * shiftHz * time + phase);
            stance.pelvis(p, shiftAmount * s, 0);
            p.pelvisHeight = stand;
            p.pelvisRoll = 0.03 * s;
            p.spineSide -= 0.03 * s;
            p.spineBend += 0.015 * Math.sin(2 * Math.PI * breathHz * time);
            p.headYaw += lookAround * Math.sin(2 * Math.PI * lookHz * time + phase);
            if (hands > 0) {
                for (int side = 0; side < 2; side++) {
                    p.arms[side].swing(side, -0.45, 0.05, 1.3, a.rig.upperArm(), a.rig.forearm());
                }
            } else {
                a.relaxedArms(p, time, 0, 0.15);
            }
            return p;
        });
    }
}
