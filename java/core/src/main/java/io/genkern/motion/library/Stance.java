package io.genkern.motion.library;

/**
 * Feet planted side by side (one may stand ahead of the other) for actions done on the spot, and a
 * heading frame centred between them to place the pelvis and hands in.
 */
final class Stance {
    final double yaw;
    final double halfWidth;
    final double toeOut;
    /** How far the left foot stands ahead of the right (negative: the right foot leads). */
    final double stagger;
    private final double toeAhead;

    Stance(Actor a, double halfWidth, double toeOut, double stagger) {
        this.yaw = a.startYaw;
        this.halfWidth = halfWidth;
        this.toeOut = toeOut;
        this.stagger = stagger;
        this.toeAhead = a.rig.toeAheadOfPelvis();
    }

    /** World x/z of a point {@code left} to the left of and {@code ahead} in front of the stance centre. */
    double[] local(double left, double ahead) {
        return new double[] {left * Math.cos(yaw) + ahead * Math.sin(yaw), -left * Math.sin(yaw) + ahead * Math.cos(yaw)};
    }

    /** Plants both feet flat; a generator then lifts or moves the ones that act. */
    void plant(BodyPose p) {
        for (int side = 0; side < 2; side++) {
            double left = side == 0 ? halfWidth : -halfWidth;
            double ahead = toeAhead + (side == 0 ? stagger / 2 : -stagger / 2);
            double[] xz = local(left, ahead);
            BodyPose.Foot f = p.feet[side];
            f.toe = new double[] {xz[0], 0, xz[1]};
            f.yaw = yaw + (side == 0 ? toeOut : -toeOut);
            f.heelLift = 0;
            f.support = 1;
        }
    }

    /** Puts the pelvis {@code left}/{@code ahead} of the stance centre, facing the stance heading. */
    void pelvis(BodyPose p, double left, double ahead) {
        double[] xz = local(left, ahead);
        p.pelvisX = xz[0];
        p.pelvisZ = xz[1];
        p.yaw = yaw;
    }
}
