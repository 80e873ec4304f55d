package io.genkern.motion;

import io.genkern.GenkernException;

/**
 * Forward and inverse kinematics in two conventions.
 *
 * <p><b>Hierarchical</b> ({@link #forward}, {@link #inverse}; what BVH stores): the local rotation of
 * joint j turns the offsets of all of j's children; global {@code G_j = G_parent(j) · L_j}, position
 * {@code p_c = p_j + G_j · offset_c}. IK fits, per joint, the rotation that best aligns the rest
 * directions of its children with the observed ones (exact for one child, Horn's least-squares
 * quaternion for several), so FK(IK(p)) reproduces p whenever the bones have the skeleton's lengths
 * and each joint's children keep their rest arrangement.
 *
 * <p><b>Chains</b> ({@link #forwardChains}, {@link #inverseChains}; HumanML3D's
 * {@code skeleton.inverse_kinematics_np}): each bone's rotation takes its rest direction to the
 * observed direction, and is stored at the bone's end joint relative to the rotations composed so far
 * down its chain, every chain starting from the root rotation.
 */
public final class Kinematics {
    private Kinematics() {}

    /** Root translation plus one local rotation (w, x, y, z) per joint. */
    public record Pose(double[] root, double[][] rotations) {}

    /** Joint positions [J][3] of one pose. */
    public static double[][] forward(Skeleton skeleton, Pose pose) {
        int n = skeleton.joints();
        if (pose.rotations().length != n) {
            throw new GenkernException("pose has " + pose.rotations().length + " rotations for a skeleton of " + n + " joints");
        }
        double[][] global = new double[n][];
        double[][] pos = new double[n][];
        for (int j = 0; j < n; j++) {
            int p = skeleton.parent(j);
            if (p < 0) {
                pos[j] = Vec3.add(pose.root(), skeleton.offset(j));
                global[j] = pose.rotations()[j];
            } else {
                pos[j] = Vec3.add(pos[p], Quat.rotate(global[p], skeleton.offset(j)));
                global[j] = Quat.mul(global[p], pose.rotations()[j]);
            }
        }
        return pos;
    }

    /** Hierarchical IK of one frame of joint positions [J][3]; see the class comment. */
    public static Pose inverse(Skeleton skeleton, double[][] positions) {
        int n = skeleton.joints();
        if (positions.length != n) throw new GenkernException("frame has " + positions.length + " joints, skeleton has " + n);
        double[][] global = new double[n][];
        double[][] local = new double[n][];
        for (int j = 0; j < n; j++) {
            int p = skeleton.parent(j);
            double[] parentGlobal = p < 0 ? Quat.identity() : global[p];
            int[] children = skeleton.children(j);
            double[][] rest = new double[children.length][];
            double[][] seen = new double[children.length][];
            int used = 0;
            for (int c : children) {
                double[] off = skeleton.offset(c);
                double[] obs = Vec3.sub(positions[c], positions[j]);
                if (Vec3.norm(off) < 1e-9 || Vec3.norm(obs) < 1e-9) continue; // a zero-length bone has no direction
                // Directions in the parent's frame, so that the local rotation comes out directly.
                rest[used] = Vec3.normalize(off, off);
                seen[used] = Vec3.normalize(Quat.rotate(Quat.inverse(parentGlobal), obs), obs);
                used++;
            }
            if (used == 0) local[j] = Quat.identity();
            else if (used == 1) local[j] = Quat.between(rest[0], seen[0]);
            else local[j] = bestFitRotation(rest, seen, used);
            global[j] = Quat.mul(parentGlobal, local[j]);
        }
        double[] root = Vec3.sub(positions[0], skeleton.offset(0));
        return new Pose(root, local);
    }

    /** Positions [T][J][3] of a sequence of poses. */
    public static float[][][] forward(Skeleton skeleton, Pose[] poses) {
        float[][][] out = new float[poses.length][][];
        for (int t = 0; t < poses.length; t++) {
            double[][] p = forward(skeleton, poses[t]);
            out[t] = new float[p.length][];
            for (int j = 0; j < p.length; j++) out[t][j] = Motions.toFloat(p[j]);
        }
        return out;
    }

    /** Hierarchical IK of every frame of {@code positions} [T][J][3]. */
    public static Pose[] inverse(Skeleton skeleton, float[][][] positions) {
        Motions.check(positions, skeleton.joints());
        Pose[] out = new Pose[positions.length];
        for (int t = 0; t < positions.length; t++) {
            double[][] frame = new double[positions[t].length][];
            for (int j = 0; j < frame.length; j++) frame[j] = Vec3.of(positions[t][j]);
            out[t] = inverse(skeleton, frame);
        }
        return out;
    }

    /**
     * HumanML3D chain IK of one frame: {@code rotations[0] = rootRotation}; for each bone (a, b) of each
     * chain, with {@code R} the product of the rotations met so far down the chain (starting at the
     * root rotation), {@code rotations[b] = R⁻¹ · between(restDirections[b], p_b − p_a)}.
     */
    public static double[][] inverseChains(double[][] positions, double[][] restDirections, int[][] chains, double[] rootRotation) {
        double[][] rot = new double[positions.length][];
        rot[0] = rootRotation.clone();
        for (int[] chain : chains) {
            double[] r = rootRotation;
            for (int i = 0; i + 1 < chain.length; i++) {
                int a = chain[i];
                int b = chain[i + 1];
                double[] toObserved = Quat.between(restDirections[b], Vec3.sub(positions[b], positions[a]));
                double[] loc = Quat.mul(Quat.inverse(r), toObserved);
                rot[b] = loc;
                r = Quat.mul(r, loc);
            }
        }
        for (int j = 0; j < rot.length; j++) if (rot[j] == null) rot[j] = Quat.identity();
        return rot;
    }

    /** Inverse of {@link #inverseChains}: bone b lies at {@code p_a + (R · rotations[b]) · offsets[b]}. */
    public static double[][] forwardChains(double[][] rotations, double[] rootPosition, double[][] offsets, int[][] chains) {
        double[][] pos = new double[offsets.length][];
        pos[0] = rootPosition.clone();
        for (int[] chain : chains) {
            double[] r = rotations[0];
            for (int i = 1; i < chain.length; i++) {
                r = Quat.mul(r, rotations[chain[i]]);
                pos[chain[i]] = Vec3.add(pos[chain[i - 1]], Quat.rotate(r, offsets[chain[i]]));
            }
        }
        return pos;
    }

    /**
     * Rotation q maximising Σ (q·a_i) · b_i (Horn 1987): the eigenvector of the largest eigenvalue of
     * the 4×4 symmetric matrix built from the correlation of the two point sets.
     */
    static double[] bestFitRotation(double[][] a, double[][] b, int count) {
        double[][] s = new double[3][3];
        for (int i = 0; i < count; i++) for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) s[r][c] += a[i][r] * b[i][c];
        double sxx = s[0][0], sxy = s[0][1], sxz = s[0][2], syx = s[1][0], syy = s[1][1], syz = s[1][2], szx = s[2][0], szy = s[2][1], szz = s[2][2];
        double[][] n = {
            {sxx + syy + szz, syz - szy, szx - sxz, sxy - syx},
            {syz - szy, sxx - syy - szz, sxy + syx, szx + sxz},
            {szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy},
            {sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz}
        };
        return Quat.normalize(largestEigenvector(n));
    }

    /** Cyclic Jacobi eigen-decomposition of a small symmetric matrix; returns the top eigenvector. */
    private static double[] largestEigenvector(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = m[i].clone();
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) v[i][i] = 1;
        for (int sweep = 0; sweep < 64; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
            if (off < 1e-30) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = c * akp - sn * akq;
                        a[k][q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = c * apk - sn * aqk;
                        a[q][k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < n; i++) if (a[i][i] > a[best][best]) best = i;
        double[] out = new double[n];
        for (int k = 0; k < n; k++) out[k] = v[k][best];
        return out;
    }
}
