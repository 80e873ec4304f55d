package io.genkern.motion;

import io.genkern.GenkernException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A joint hierarchy: names, parent indices (every parent listed before its children) and rest
 * offsets in metres from each joint's parent (Y up, facing +Z). {@link #smpl22()} is the 22-joint
 * SMPL subset HumanML3D uses; {@link io.genkern.motion.io.BvhReader} builds others from files.
 */
public final class Skeleton {
    public static final int PELVIS = 0, LEFT_HIP = 1, RIGHT_HIP = 2, SPINE1 = 3, LEFT_KNEE = 4, RIGHT_KNEE = 5,
            SPINE2 = 6, LEFT_ANKLE = 7, RIGHT_ANKLE = 8, SPINE3 = 9, LEFT_FOOT = 10, RIGHT_FOOT = 11, NECK = 12,
            LEFT_COLLAR = 13, RIGHT_COLLAR = 14, HEAD = 15, LEFT_SHOULDER = 16, RIGHT_SHOULDER = 17,
            LEFT_ELBOW = 18, RIGHT_ELBOW = 19, LEFT_WRIST = 20, RIGHT_WRIST = 21;

    /** Joint count of {@link #smpl22()}. */
    public static final int SMPL_JOINTS = 22;

    /** Kinematic chains of the SMPL subset (HumanML3D's {@code t2m_kinematic_chain}), used for drawing and IK. */
    public static final int[][] SMPL_CHAINS = {
        {0, 2, 5, 8, 11}, {0, 1, 4, 7, 10}, {0, 3, 6, 9, 12, 15}, {9, 14, 17, 19, 21}, {9, 13, 16, 18, 20}
    };

    /** Joints whose positions define the facing direction: right hip, left hip, right shoulder, left shoulder. */
    public static final int[] SMPL_FACE_JOINTS = {RIGHT_HIP, LEFT_HIP, RIGHT_SHOULDER, LEFT_SHOULDER};

    /** Ankles and toes, the joints that touch the floor: left ankle, left foot, right ankle, right foot. */
    public static final int[] SMPL_FOOT_JOINTS = {LEFT_ANKLE, LEFT_FOOT, RIGHT_ANKLE, RIGHT_FOOT};

    private static final String[] SMPL_NAMES = {
        "pelvis", "left_hip", "right_hip", "spine1", "left_knee", "right_knee", "spine2", "left_ankle",
        "right_ankle", "spine3", "left_foot", "right_foot", "neck", "left_collar", "right_collar", "head",
        "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist"
    };
    private static final int[] SMPL_PARENTS = {-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19};

    private static final Skeleton SMPL22 = buildSmpl22();

    private final String[] names;
    private final int[] parents;
    private final double[][] offsets;

    public Skeleton(String[] names, int[] parents, double[][] offsets) {
        if (names.length != parents.length || names.length != offsets.length) {
            throw new GenkernException("skeleton has " + names.length + " names, " + parents.length + " parents and "
                    + offsets.length + " offsets; they must match");
        }
        if (names.length == 0) throw new GenkernException("skeleton has no joints");
        for (int j = 0; j < parents.length; j++) {
            if ((j == 0) != (parents[j] < 0) || parents[j] >= j) {
                throw new GenkernException("joint " + j + " ('" + names[j] + "') has parent " + parents[j]
                        + "; joint 0 must be the only root and parents must come before their children");
            }
            if (offsets[j].length != 3) {
                throw new GenkernException("offset of joint '" + names[j] + "' has " + offsets[j].length + " values, expected 3");
            }
        }
        this.names = names.clone();
        this.parents = parents.clone();
        this.offsets = new double[offsets.length][];
        for (int j = 0; j < offsets.length; j++) this.offsets[j] = offsets[j].clone();
    }

    /** The 22-joint SMPL subset at SMPL's mean body size (about 1.65 m tall, pelvis 0.92 m above the toes). */
    public static Skeleton smpl22() {
        return SMPL22;
    }

    private static Skeleton buildSmpl22() {
        double[][] o = new double[SMPL_JOINTS][];
        o[PELVIS] = Vec3.of(0, 0, 0);
        // Left side (SMPL's left is +X when facing +Z); the right side mirrors X.
        double[][] leftLeg = {{0.070, -0.091, -0.007}, {0.034, -0.375, -0.005}, {-0.014, -0.398, -0.044}, {0.026, -0.056, 0.119}};
        double[][] leftArm = {{0.079, 0.122, -0.034}, {0.091, 0.031, -0.009}, {0.260, -0.013, -0.028}, {0.249, 0.009, -0.001}};
        int[][] legs = {{LEFT_HIP, LEFT_KNEE, LEFT_ANKLE, LEFT_FOOT}, {RIGHT_HIP, RIGHT_KNEE, RIGHT_ANKLE, RIGHT_FOOT}};
        int[][] arms = {{LEFT_COLLAR, LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST}, {RIGHT_COLLAR, RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST}};
        for (int side = 0; side < 2; side++) {
            double mirror = side == 0 ? 1 : -1;
            for (int i = 0; i < 4; i++) {
                o[legs[side][i]] = Vec3.of(mirror * leftLeg[i][0], leftLeg[i][1], leftLeg[i][2]);
                o[arms[side][i]] = Vec3.of(mirror * leftArm[i][0], leftArm[i][1], leftArm[i][2]);
            }
        }
        o[SPINE1] = Vec3.of(-0.003, 0.109, -0.027);
        o[SPINE2] = Vec3.of(0, 0.135, 0);
        o[SPINE3] = Vec3.of(0, 0.053, 0);
        o[NECK] = Vec3.of(0, 0.214, 0);
        o[HEAD] = Vec3.of(0, 0.065, 0);
        return new Skeleton(SMPL_NAMES, SMPL_PARENTS, o);
    }

    public int joints() {
        return names.length;
    }

    public String name(int joint) {
        return names[joint];
    }

    public int parent(int joint) {
        return parents[joint];
    }

    public int[] parents() {
        return parents.clone();
    }

    public String[] names() {
        return names.clone();
    }

    /** Rest offset of {@code joint} from its parent (zero vector for the root). */
    public double[] offset(int joint) {
        return offsets[joint].clone();
    }

    public double boneLength(int joint) {
        return Vec3.norm(offsets[joint]);
    }

    public int[] children(int joint) {
        List<Integer> out = new ArrayList<>();
        for (int j = joint + 1; j < parents.length; j++) if (parents[j] == joint) out.add(j);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public int indexOf(String name) {
        for (int j = 0; j < names.length; j++) if (names[j].equals(name)) return j;
        throw new GenkernException("skeleton has no joint '" + name + "'; joints: " + Arrays.toString(names));
    }

    /** The same hierarchy with every offset multiplied by {@code factor} (a taller or shorter body). */
    public Skeleton scaled(double factor) {
        if (!(factor > 0)) throw new GenkernException("skeleton scale must be positive, got " + factor);
        double[][] o = new double[offsets.length][];
        for (int j = 0; j < o.length; j++) o[j] = Vec3.scale(offsets[j], factor);
        return new Skeleton(names, parents, o);
    }

    /**
     * The same hierarchy with the rest directions kept and each bone's length set to its mean length
     * in {@code positions} [T][J][3], so that a clip's own proportions drive its export.
     */
    public Skeleton fittedTo(float[][][] positions) {
        Motions.check(positions, joints());
        double[][] o = new double[offsets.length][];
        o[0] = offsets[0].clone();
        for (int j = 1; j < o.length; j++) {
            double sum = 0;
            for (float[][] frame : positions) sum += Vec3.distance(Vec3.of(frame[j]), Vec3.of(frame[parents[j]]));
            double rest = Vec3.norm(offsets[j]);
            o[j] = rest < 1e-12 ? offsets[j].clone() : Vec3.scale(offsets[j], sum / positions.length / rest);
        }
        return new Skeleton(names, parents, o);
    }
}
