package io.genkern.motion.library;

import io.genkern.motion.Quat;
import io.genkern.motion.Skeleton;
import io.genkern.motion.Vec3;

import static io.genkern.motion.Skeleton.*;

/**
 * Poses the 22-joint skeleton from a {@link BodyPose}: the trunk, neck and collars by forward
 * kinematics, legs and arms by analytic two-bone IK towards the foot and wrist targets. Every joint is
 * placed at its parent plus a rotated rest offset, so bone lengths never change. Before solving the
 * legs the pelvis is lowered until every supporting leg reaches its foot target ({@link #animate}):
 * planted feet stay exactly where the generator put them.
 */
final class BodyRig {
    private static final int JOINTS = Skeleton.SMPL_JOINTS;
    private static final int[][] LEGS = {{LEFT_HIP, LEFT_KNEE, LEFT_ANKLE, LEFT_FOOT}, {RIGHT_HIP, RIGHT_KNEE, RIGHT_ANKLE, RIGHT_FOOT}};
    private static final int[][] ARMS = {{LEFT_COLLAR, LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST}, {RIGHT_COLLAR, RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST}};
    /** Softness of the pelvis height limit in metres: larger is smoother but crouches more. */
    private static final double SOFTNESS = 0.012;
    /** Frames over which the pelvis anticipates a change of support, and the smoothing that follows. */
    private static final int SETTLE_RADIUS = 2;
    private static final double SETTLE_SIGMA = 1.5;

    private final Skeleton skeleton;
    private final double[][] offsets;
    private final double reach;

    /** {@code legExtension} < 1: the fraction of full leg length a supporting leg may straighten to. */
    BodyRig(Skeleton skeleton, double legExtension) {
        this.skeleton = skeleton;
        this.offsets = new double[skeleton.joints()][];
        for (int j = 0; j < offsets.length; j++) offsets[j] = skeleton.offset(j);
        this.reach = legExtension * (skeleton.boneLength(LEFT_KNEE) + skeleton.boneLength(LEFT_ANKLE));
    }

    double upperArm() {
        return skeleton.boneLength(LEFT_ELBOW);
    }

    double forearm() {
        return skeleton.boneLength(LEFT_WRIST);
    }

    /** Height of the ankle above the toe joint when the foot is flat. */
    double ankleAboveToe() {
        return -offsets[LEFT_FOOT][1];
    }

    /** How far ahead of the pelvis the toe joint is in the rest pose: where a foot is planted under its hip. */
    double toeAheadOfPelvis() {
        double z = 0;
        for (int j : LEGS[0]) z += offsets[j][2];
        return z;
    }

    /** Pelvis height when standing with flat feet and legs at the allowed extension. */
    double standingHeight() {
        double hipDrop = -offsets[LEFT_HIP][1];
        return reach + ankleAboveToe() + hipDrop;
    }

    /** Shoulder-to-wrist reach with the elbow straight. */
    double armLength() {
        return upperArm() + forearm();
    }

    /**
     * Joint positions [T][22][3] of a sequence of poses. The pelvis heights are settled first: each
     * frame's height is lowered until the supporting legs reach their feet ({@link #reachableHeight}),
     * then the sequence is eroded (each frame takes the lowest height within {@value #SETTLE_RADIUS}
     * frames) and Gaussian-smoothed, so that the body starts to sink before a foot lands instead of
     * dropping when it does; a final minimum keeps every frame reachable.
     */
    float[][][] animate(BodyPose[] poses) {
        int n = poses.length;
        double[] reachable = new double[n];
        for (int t = 0; t < n; t++) reachable[t] = reachableHeight(poses[t]);
        double[] eroded = new double[n];
        for (int t = 0; t < n; t++) {
            double low = Double.POSITIVE_INFINITY;
            for (int k = Math.max(0, t - SETTLE_RADIUS); k <= Math.min(n - 1, t + SETTLE_RADIUS); k++) low = Math.min(low, reachable[k]);
            eroded[t] = low;
        }
        float[][][] out = new float[n][][];
        for (int t = 0; t < n; t++) {
            double sum = 0;
            double weight = 0;
            for (int k = Math.max(0, t - 3 * SETTLE_RADIUS); k <= Math.min(n - 1, t + 3 * SETTLE_RADIUS); k++) {
                double w = Math.exp(-0.5 * (k - t) * (k - t) / (SETTLE_SIGMA * SETTLE_SIGMA));
                sum += w * eroded[k];
                weight += w;
            }
            poses[t].pelvisHeight = Math.min(sum / weight, reachable[t]);
            out[t] = build(poses[t]);
        }
        return out;
    }

    /**
     * The pelvis height of {@code pose}, lowered (by a soft minimum, which never exceeds the true one)
     * until every supporting leg reaches its foot target with at most the allowed extension.
     */
    double reachableHeight(BodyPose pose) {
        double[] pelvisRotation = pelvisRotation(pose);
        double height = pose.pelvisHeight;
        for (int side = 0; side < 2; side++) {
            double[] ankle = ankleTarget(pose, side);
            double[] hip = Quat.rotate(pelvisRotation, offsets[LEGS[side][0]]);
            double dx = pose.pelvisX + hip[0] - ankle[0];
            double dz = pose.pelvisZ + hip[2] - ankle[2];
            double vertical = Math.sqrt(Math.max(0, reach * reach - dx * dx - dz * dz));
            // A foot in the air does not hold the pelvis down: its limit rises as its support drops to 0.
            double limit = ankle[1] + vertical - hip[1] + (1 - pose.feet[side].support) * 2;
            height = Curves.softMin(height, limit, SOFTNESS);
        }
        return height;
    }

    private static double[] pelvisRotation(BodyPose pose) {
        return Quat.mul(Quat.aboutY(pose.yaw), Quat.mul(Quat.aboutX(pose.pelvisPitch), Quat.aboutZ(-pose.pelvisRoll)));
    }

    private static double[] footRotation(BodyPose.Foot foot) {
        return Quat.mul(Quat.aboutY(foot.yaw), Quat.aboutX(foot.heelLift));
    }

    private double[] ankleTarget(BodyPose pose, int side) {
        BodyPose.Foot foot = pose.feet[side];
        return Vec3.sub(foot.toe, Quat.rotate(footRotation(foot), offsets[LEGS[side][3]]));
    }

    /** Joint positions [22][3] of one frame, with the pelvis exactly at the pose's height. */
    float[][] build(BodyPose pose) {
        double[][] p = new double[JOINTS][];
        double[] pelvisRotation = pelvisRotation(pose);
        double[][] ankleTarget = {ankleTarget(pose, 0), ankleTarget(pose, 1)};
        double[][] footRotation = {footRotation(pose.feet[0]), footRotation(pose.feet[1])};
        p[PELVIS] = Vec3.of(pose.pelvisX, pose.pelvisHeight, pose.pelvisZ);

        // Trunk: the bend is spread evenly over the three spine joints.
        double[] step = Quat.mul(Quat.aboutY(pose.spineTwist / 3), Quat.mul(Quat.aboutX(pose.spineBend / 3), Quat.aboutZ(-pose.spineSide / 3)));
        double[] spine1 = Quat.mul(pelvisRotation, step);
        double[] spine2 = Quat.mul(spine1, step);
        double[] chest = Quat.mul(spine2, step);
        p[SPINE1] = Vec3.add(p[PELVIS], Quat.rotate(pelvisRotation, offsets[SPINE1]));
        p[SPINE2] = Vec3.add(p[SPINE1], Quat.rotate(spine1, offsets[SPINE2]));
        p[SPINE3] = Vec3.add(p[SPINE2], Quat.rotate(spine2, offsets[SPINE3]));
        p[NECK] = Vec3.add(p[SPINE3], Quat.rotate(chest, offsets[NECK]));
        double[] neck = Quat.mul(chest, Quat.mul(Quat.aboutY(pose.headYaw), Quat.aboutX(pose.headPitch)));
        p[HEAD] = Vec3.add(p[NECK], Quat.rotate(neck, offsets[HEAD]));

        double[] heading = Quat.aboutY(pose.yaw);
        for (int side = 0; side < 2; side++) {
            int[] arm = ARMS[side];
            double mirror = side == 0 ? 1 : -1;
            double[] collar = Quat.mul(chest, Quat.aboutZ(mirror * pose.shrug[side]));
            p[arm[0]] = Vec3.add(p[SPINE3], Quat.rotate(chest, offsets[arm[0]]));
            p[arm[1]] = Vec3.add(p[arm[0]], Quat.rotate(collar, offsets[arm[1]]));
            BodyPose.Arm spec = pose.arms[side];
            double[] frame = spec.gravityFrame ? heading : chest;
            double[] wrist = Vec3.add(p[arm[1]], Quat.rotate(frame, spec.wrist));
            double[][] elbowWrist = twoBone(p[arm[1]], wrist, upperArm(), forearm(), Quat.rotate(frame, spec.elbowPole));
            p[arm[2]] = elbowWrist[0];
            p[arm[3]] = elbowWrist[1];
        }

        for (int side = 0; side < 2; side++) {
            int[] leg = LEGS[side];
            p[leg[0]] = Vec3.add(p[PELVIS], Quat.rotate(pelvisRotation, offsets[leg[0]]));
            double[] kneePole = Quat.rotate(Quat.aboutY(pose.feet[side].yaw), Vec3.of(0, 0.15, 1));
            double[][] kneeAnkle = twoBone(p[leg[0]], ankleTarget[side], skeleton.boneLength(leg[1]), skeleton.boneLength(leg[2]), kneePole);
            p[leg[1]] = kneeAnkle[0];
            p[leg[2]] = kneeAnkle[1];
            p[leg[3]] = Vec3.add(p[leg[2]], Quat.rotate(footRotation[side], offsets[leg[3]]));
        }

        float[][] out = new float[JOINTS][];
        for (int j = 0; j < JOINTS; j++) out[j] = new float[] {(float) p[j][0], (float) p[j][1], (float) p[j][2]};
        return out;
    }

    /**
     * Two-bone IK: middle joint and end joint for a chain of lengths {@code a}, {@code b} from
     * {@code start} towards {@code target}, bending towards {@code pole}. An unreachable target is
     * approached along the same line.
     */
    static double[][] twoBone(double[] start, double[] target, double a, double b, double[] pole) {
        double[] toTarget = Vec3.sub(target, start);
        double distance = Vec3.norm(toTarget);
        double[] dir = Vec3.normalize(toTarget, Vec3.of(0, -1, 0));
        double d = Math.max(Math.abs(a - b) + 1e-6, Math.min(distance, (a + b) * (1 - 1e-6)));
        double cosA = (a * a + d * d - b * b) / (2 * a * d);
        double sinA = Math.sqrt(Math.max(0, 1 - cosA * cosA));
        double[] bendDir = Vec3.addScaled(pole, dir, -Vec3.dot(pole, dir));
        double[] fallback = Math.abs(dir[1]) < 0.9 ? Vec3.of(0, 1, 0) : Vec3.of(0, 0, 1);
        bendDir = Vec3.normalize(bendDir, Vec3.normalize(Vec3.addScaled(fallback, dir, -Vec3.dot(fallback, dir)), fallback));
        double[] middle = Vec3.add(start, Vec3.add(Vec3.scale(dir, a * cosA), Vec3.scale(bendDir, a * sinA)));
        double[] end = Vec3.add(start, Vec3.scale(dir, d));
        return new double[][] {middle, end};
    }

}
