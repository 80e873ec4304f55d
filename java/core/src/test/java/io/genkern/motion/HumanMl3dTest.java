package io.genkern.motion;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import io.genkern.motion.library.Action;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HumanMl3dTest {
    private final long seed = TestSeeds.seed();
    private final SplittableRandom rng = new SplittableRandom(seed);

    private MotionClip randomClip() {
        Action[] actions = Action.values();
        return MotionLibrary.clip(actions[rng.nextInt(actions.length)], seed, rng.nextInt(100));
    }

    @Test
    void featuresDecodeBackWithinAMillimetre() {
        for (int i = 0; i < 12; i++) {
            MotionClip clip = randomClip();
            float[][] features = clip.features();
            assertEquals(clip.frames() - 1, features.length);
            assertEquals(HumanMl3d.FEATURES, features[0].length);
            float[][][] decoded = HumanMl3d.recoverFromRic(features);
            float[][][] canonical = Arrays.copyOf(HumanMl3d.canonicalize(clip.positions()), decoded.length);
            double error = Motions.maxJointError(decoded, canonical);
            assertTrue(error < 1e-3, clip.id() + " decodes with error " + error + " m, seed " + seed);
        }
    }

    @Test
    void everyFrameHasItsFeatureRow() {
        for (int i = 0; i < 12; i++) {
            MotionClip clip = randomClip();
            float[][] features = HumanMl3d.toFeaturesEveryFrame(clip.positions());
            assertEquals(clip.frames(), features.length);
            double error = Motions.maxJointError(HumanMl3d.recoverFromRic(features), HumanMl3d.canonicalize(clip.positions()));
            assertTrue(error < 1e-3, clip.id() + " decodes, last frame included, with error " + error + " m, seed " + seed);
        }
    }

    @Test
    void canonicalFormStartsAtTheOriginOnTheFloor() {
        MotionClip clip = randomClip();
        float[][][] c = HumanMl3d.canonicalize(clip.positions());
        assertEquals(0, c[0][0][0], 1e-5);
        assertEquals(0, c[0][0][2], 1e-5);
        double lowest = Double.POSITIVE_INFINITY;
        for (float[][] frame : c) for (float[] p : frame) lowest = Math.min(lowest, p[1]);
        assertEquals(0, lowest, 1e-6);
        // Facing +Z: the left hip lies towards +X of the right hip.
        assertTrue(c[0][Skeleton.LEFT_HIP][0] > c[0][Skeleton.RIGHT_HIP][0], "seed " + seed);
    }

    @Test
    void featuresIgnoreWhereTheMotionStartsAndWhichWayItFaces() {
        MotionClip clip = randomClip();
        double[] turn = Quat.aboutY(rng.nextDouble() * 2 * Math.PI);
        double[] shift = Vec3.of(rng.nextDouble() * 10 - 5, rng.nextDouble(), rng.nextDouble() * 10 - 5);
        float[][][] moved = new float[clip.frames()][Skeleton.SMPL_JOINTS][];
        for (int t = 0; t < moved.length; t++) {
            for (int j = 0; j < Skeleton.SMPL_JOINTS; j++) {
                moved[t][j] = Motions.toFloat(Vec3.add(Quat.rotate(turn, Vec3.of(clip.positions()[t][j])), shift));
            }
        }
        float[][] a = clip.features();
        float[][] b = HumanMl3d.toFeatures(moved);
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < HumanMl3d.FEATURES; i++) {
                assertEquals(a[t][i], b[t][i], 2e-4, "feature " + i + " of frame " + t + ", " + clip.id() + ", seed " + seed);
            }
        }
    }

    @Test
    void rotationBlockRebuildsTheJointsThroughChainKinematics() {
        MotionClip clip = randomClip();
        float[][] f = clip.features();
        float[][][] decoded = HumanMl3d.recoverFromRic(f);
        Skeleton s = Skeleton.smpl22();
        for (int t = 0; t < f.length; t += 7) {
            double[][] offsets = new double[Skeleton.SMPL_JOINTS][];
            offsets[0] = Vec3.of(0, 0, 0);
            for (int j = 1; j < offsets.length; j++) {
                double length = Vec3.distance(Vec3.of(decoded[t][j]), Vec3.of(decoded[t][s.parent(j)]));
                offsets[j] = Vec3.scale(HumanMl3d.RAW_DIRECTIONS[j], length);
            }
            // The chain rotations start from the heading, which maps the world into the root's frame.
            double[][] rotations = HumanMl3d.rotations(f, t);
            double[][] local = Kinematics.forwardChains(rotations, Vec3.of(0, 0, 0), offsets, Skeleton.SMPL_CHAINS);
            for (int j = 1; j < Skeleton.SMPL_JOINTS; j++) {
                double[] expected = Vec3.sub(Vec3.of(decoded[t][j]), Vec3.of(decoded[t][0]));
                assertTrue(Vec3.distance(expected, local[j]) < 1e-3, "joint " + j + " frame " + t + ", seed " + seed);
            }
        }
    }

    @Test
    void footContactsFollowTheFeet() {
        MotionClip idle = MotionLibrary.clip(Action.IDLE, seed, 0);
        for (float[] frame : idle.features()) {
            for (int k = 0; k < 4; k++) assertEquals(1f, frame[HumanMl3d.FOOT_CONTACTS + k], "standing feet are in contact, seed " + seed);
        }
        MotionClip walk = MotionLibrary.clip(Action.WALK, seed, 0);
        assertEquals(0, Arrays.stream(walk.features()).filter(HumanMl3dTest::airborne).count(), "a walker always has a foot down, seed " + seed);
        // A runner leaves the ground: both toes well above the floor in many frames (a walker in none).
        MotionClip run = MotionLibrary.clip(Action.RUN, seed, 0);
        assertTrue(flightFrames(run) > run.frames() / 10, "a runner flies in " + flightFrames(run) + " of " + run.frames() + " frames, seed " + seed);
        assertEquals(0, flightFrames(walk), "seed " + seed);
    }

    private static long flightFrames(MotionClip clip) {
        return Arrays.stream(clip.positions()).filter(f -> f[Skeleton.LEFT_FOOT][1] > 0.03 && f[Skeleton.RIGHT_FOOT][1] > 0.03).count();
    }

    private static boolean airborne(float[] frame) {
        for (int k = 0; k < 4; k++) if (frame[HumanMl3d.FOOT_CONTACTS + k] != 0) return false;
        return true;
    }

    @Test
    void rejectsWrongShapes() {
        GenkernException e = assertThrows(GenkernException.class, () -> HumanMl3d.toFeatures(new float[1][22][3]));
        assertTrue(e.getMessage().contains("2 frames"));
        e = assertThrows(GenkernException.class, () -> HumanMl3d.toFeatures(new float[3][21][3]));
        assertTrue(e.getMessage().contains("21 joints"));
        e = assertThrows(GenkernException.class, () -> HumanMl3d.recoverFromRic(new float[2][262]));
        assertTrue(e.getMessage().contains("262"));
    }
}
