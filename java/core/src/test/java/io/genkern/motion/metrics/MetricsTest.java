package io.genkern.motion.metrics;

import io.genkern.testing.TestSeeds;
import io.genkern.motion.MotionClip;
import io.genkern.motion.Motions;
import io.genkern.motion.Quat;
import io.genkern.motion.Skeleton;
import io.genkern.motion.Vec3;
import io.genkern.motion.library.Action;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    private final long seed = TestSeeds.seed();
    private final SplittableRandom rng = new SplittableRandom(seed);

    /** A copy of {@code p} moved by {@code velocity} m/s along x (the whole body, so every foot slides). */
    private static float[][][] sliding(float[][][] p, double velocity) {
        float[][][] out = Motions.copy(p);
        for (int t = 0; t < out.length; t++) for (float[] j : out[t]) j[0] += (float) (velocity * t / 20);
        return out;
    }

    @Test
    void plantedFeetDoNotSkateAndSlidingFeetDo() {
        MotionClip idle = MotionLibrary.clip(Action.IDLE, seed, 0);
        double planted = MotionMetrics.footSkating(idle.positions(), idle.fps());
        assertTrue(planted < 1e-3, "standing still skates at " + planted + " m/s, seed " + seed);
        double speed = 0.2 + rng.nextDouble();
        double slid = MotionMetrics.footSkating(sliding(idle.positions(), speed), idle.fps());
        assertEquals(speed, slid, 0.01 * speed + 1e-3, "seed " + seed);
        MotionClip walk = MotionLibrary.clip(Action.WALK, seed, 1);
        double walking = MotionMetrics.footSkating(walk.positions(), walk.fps());
        assertTrue(walking < 0.1 && MotionMetrics.footSkating(sliding(walk.positions(), 0.5), walk.fps()) > 0.4 + walking,
                "walking skates at " + walking + " m/s, seed " + seed);
    }

    @Test
    void penetrationJitterAndBoneVariation() {
        MotionClip clip = MotionLibrary.clip(Action.SQUAT, seed, 0);
        float[][][] p = clip.positions();
        assertEquals(0, MotionMetrics.floorPenetration(p, 0), 1e-6);
        float[][][] sunk = Motions.copy(p);
        for (float[][] f : sunk) for (float[] j : f) j[1] -= 0.1f;
        assertEquals(0.1, MotionMetrics.floorPenetration(sunk, 0), 1e-5);

        double smooth = MotionMetrics.jitter(p, clip.fps());
        float[][][] noisy = Motions.copy(p);
        for (float[][] f : noisy) for (float[] j : f) for (int c = 0; c < 3; c++) j[c] += (float) (0.01 * rng.nextGaussian());
        double shaky = MotionMetrics.jitter(noisy, clip.fps());
        assertTrue(shaky > 10 * smooth, "jitter " + shaky + " vs " + smooth + ", seed " + seed);
        // Constant velocity has no third derivative.
        assertEquals(0, MotionMetrics.jitter(sliding(new float[40][22][3], 1.0), 20), 1e-3);

        assertTrue(MotionMetrics.boneLengthChange(p) < 1e-4, "a library clip is rigid, seed " + seed);
        assertTrue(MotionMetrics.boneLengthChange(noisy) > 0.05, "1 cm noise on ~10-40 cm bones, seed " + seed);
        // One frame with a 15% longer forearm: the worst bone's change, not a mean over bones and frames.
        float[][][] stretched = Motions.copy(p);
        float[] elbow = stretched[3][Skeleton.LEFT_ELBOW], wrist = stretched[3][Skeleton.LEFT_WRIST];
        for (int c = 0; c < 3; c++) wrist[c] = elbow[c] + 1.15f * (wrist[c] - elbow[c]);
        assertEquals(0.15, MotionMetrics.boneLengthChange(stretched), 2e-3);
    }

    /** {@code p} turned about Y by {@code angle} and moved by (dx, 0, dz): the same motion elsewhere. */
    private static float[][][] moved(float[][][] p, double angle, double dx, double dz) {
        float[][][] out = new float[p.length][p[0].length][];
        double[] q = Quat.aboutY(angle);
        for (int t = 0; t < p.length; t++) {
            for (int j = 0; j < p[t].length; j++) {
                double[] v = Quat.rotate(q, Vec3.of(p[t][j]));
                out[t][j] = new float[] {(float) (v[0] + dx), (float) v[1], (float) (v[2] + dz)};
            }
        }
        return out;
    }

    @Test
    void diversityAndNoveltyMeasureDistancesBetweenMotions() {
        MotionLibrary library = MotionLibrary.generate(seed, 2);
        List<float[][][]> motions = library.clips().stream().map(MotionClip::positions).toList();
        MotionWindows windows = new MotionWindows(motions, SetMetrics.WINDOW, 5);

        // A library clip, turned and moved, is a copy: novelty ~0.
        float[][][] copy = moved(motions.get(7), rng.nextDouble() * 6, rng.nextDouble() * 10, -rng.nextDouble() * 10);
        double copied = SetMetrics.novelty(List.<float[][][]>of(copy), windows);
        assertTrue(copied < 2e-3, "a copied clip has novelty " + copied + ", seed " + seed);
        // A clip from another seed is new, and further away than a copy.
        MotionClip fresh = MotionLibrary.clip(Action.KICK, seed + 99, 5);
        double novel = SetMetrics.novelty(List.<float[][][]>of(fresh.positions()), windows);
        assertTrue(novel > 0.01, "a fresh clip has novelty " + novel + ", seed " + seed);

        List<float[][][]> same = new ArrayList<>();
        for (int i = 0; i < 5; i++) same.add(moved(motions.get(3), rng.nextDouble() * 6, i, i));
        assertTrue(SetMetrics.diversity(same, seed) < 1e-3);
        double diverse = SetMetrics.diversity(motions, seed);
        assertTrue(diverse > 0.2, "library diversity " + diverse + ", seed " + seed);
    }

    @Test
    void referenceTableCoversEveryAction() {
        MotionLibrary library = MotionLibrary.generate(seed, 2);
        LibraryReference ref = LibraryReference.measure(library.clips(), 6);
        assertEquals(MotionLibrary.actions().size(), ref.rows().size());
        assertEquals(library.size(), ref.overall().clips());
        assertTrue(ref.overall().floorPenetration() < 1e-6);
        assertTrue(ref.novelty() > 0 && ref.diversity() > ref.novelty(), "novelty " + ref.novelty() + ", diversity " + ref.diversity());
        String table = ref.table();
        for (String action : MotionLibrary.actions()) assertTrue(table.contains(action), table);
    }
}
