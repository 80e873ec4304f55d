package io.genkern.motion;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KinematicsTest {
    private final long seed = TestSeeds.seed();
    private final SplittableRandom rng = new SplittableRandom(seed);

    private double[] randomRotation() {
        return Quat.normalize(new double[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()});
    }

    private Kinematics.Pose randomPose(Skeleton s) {
        double[][] rot = new double[s.joints()][];
        for (int j = 0; j < rot.length; j++) rot[j] = randomRotation();
        return new Kinematics.Pose(Vec3.of(rng.nextDouble() * 4 - 2, rng.nextDouble() + 0.5, rng.nextDouble() * 4 - 2), rot);
    }

    @Test
    void conversionsRoundTrip() {
        for (int i = 0; i < 200; i++) {
            double[] q = randomRotation();
            assertTrue(Quat.angleBetween(q, Quat.fromMatrix(Quat.toMatrix(q))) < 1e-9, "matrix, seed " + seed);
            assertTrue(Quat.angleBetween(q, Quat.from6d(Quat.to6d(q))) < 1e-9, "6D, seed " + seed);
            double[] e = Quat.toEulerZxyDegrees(q);
            assertTrue(Quat.angleBetween(q, Quat.fromEulerDegrees("ZXY", e)) < 1e-9, "Euler ZXY, seed " + seed);
            double[] v = Vec3.of(rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian());
            double[] w = Vec3.of(rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian());
            double[] turned = Quat.rotate(Quat.between(v, w), v);
            assertTrue(Vec3.distance(Vec3.normalize(turned, v), Vec3.normalize(w, w)) < 1e-9, "between, seed " + seed);
        }
    }

    @Test
    void eulerFollowsTheChannelOrder() {
        // Rz(90) then Rx(90) applied as R = Rz Rx: +Y goes to +Z under Rx, +Z stays under Rz.
        double[] q = Quat.fromEulerDegrees("ZX", 90, 90);
        double[] v = Quat.rotate(q, Vec3.of(0, 1, 0));
        assertTrue(Vec3.distance(v, Vec3.of(0, 0, 1)) < 1e-12);
        double[] zxy = Quat.toEulerZxyDegrees(Quat.fromEulerDegrees("ZXY", 30, -40, 50));
        assertEquals(30, zxy[0], 1e-9);
        assertEquals(-40, zxy[1], 1e-9);
        assertEquals(50, zxy[2], 1e-9);
        assertThrows(GenkernException.class, () -> Quat.fromEulerDegrees("ZQ", 1, 2));
    }

    @Test
    void hierarchicalIkReproducesForwardKinematics() {
        Skeleton s = Skeleton.smpl22().scaled(0.9 + 0.2 * rng.nextDouble());
        for (int i = 0; i < 50; i++) {
            double[][] p = Kinematics.forward(s, randomPose(s));
            double[][] back = Kinematics.forward(s, Kinematics.inverse(s, p));
            for (int j = 0; j < p.length; j++) assertTrue(Vec3.distance(p[j], back[j]) < 1e-9, "joint " + j + ", seed " + seed);
        }
    }

    @Test
    void chainIkReproducesPositionsWithRestDirections() {
        Skeleton s = Skeleton.smpl22();
        for (int i = 0; i < 50; i++) {
            double[][] p = Kinematics.forward(s, randomPose(s));
            double[][] offsets = new double[p.length][];
            offsets[0] = Vec3.of(0, 0, 0);
            for (int j = 1; j < p.length; j++) {
                offsets[j] = Vec3.scale(HumanMl3d.RAW_DIRECTIONS[j], Vec3.distance(p[j], p[s.parent(j)]));
            }
            double[] heading = Quat.aboutY(rng.nextDouble() * 6);
            double[][] rot = Kinematics.inverseChains(p, HumanMl3d.RAW_DIRECTIONS, Skeleton.SMPL_CHAINS, heading);
            double[][] back = Kinematics.forwardChains(rot, p[0], offsets, Skeleton.SMPL_CHAINS);
            for (int j = 0; j < p.length; j++) assertTrue(Vec3.distance(p[j], back[j]) < 1e-9, "joint " + j + ", seed " + seed);
        }
    }

    @Test
    void smplSkeletonMatchesTheReference() {
        Skeleton s = Skeleton.smpl22();
        assertEquals(22, s.joints());
        assertEquals("right_wrist", s.name(21));
        assertEquals(19, s.parent(21));
        assertEquals(0.07, s.offset(Skeleton.LEFT_HIP)[0], 1e-12);
        assertEquals(-0.07, s.offset(Skeleton.RIGHT_HIP)[0], 1e-12);
        assertEquals(0.398, s.boneLength(Skeleton.LEFT_ANKLE), 0.005);
        assertThrows(GenkernException.class, () -> new Skeleton(new String[] {"a", "b"}, new int[] {-1, 1}, new double[][] {{0, 0, 0}, {0, 1, 0}}));
    }
}
