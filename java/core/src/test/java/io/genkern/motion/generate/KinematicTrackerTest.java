package io.genkern.motion.generate;

import io.genkern.testing.TestSeeds;
import io.genkern.motion.MotionClip;
import io.genkern.motion.Motions;
import io.genkern.motion.Skeleton;
import io.genkern.motion.library.Action;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.MotionMetrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kinematic tracker on library clips spoiled the way the windowed denoiser spoils motion: the
 * whole body wobbles horizontally against the ground, so planted feet slide.
 */
class KinematicTrackerTest {
    private final long seed = TestSeeds.seed();
    private final SplittableRandom rng = new SplittableRandom(seed);
    private static final Action[] LOCOMOTION = {Action.WALK, Action.JOG, Action.WALK_BACKWARDS, Action.SIDE_STEP, Action.MARCH};
    private static final int[][] LEG_BONES = {
        {Skeleton.LEFT_HIP, Skeleton.LEFT_KNEE}, {Skeleton.LEFT_KNEE, Skeleton.LEFT_ANKLE},
        {Skeleton.RIGHT_HIP, Skeleton.RIGHT_KNEE}, {Skeleton.RIGHT_KNEE, Skeleton.RIGHT_ANKLE}};

    private float[][][] clip(Action action) {
        return MotionLibrary.clip(action, rng.nextLong(), rng.nextInt(4)).positions();
    }

    /**
     * A copy of {@code clean} with a random horizontal wobble of the whole body: amplitude 2–6 cm,
     * period 1–2 s, so planted feet slide at up to 0.38 m/s (generated motion slides at about 0.1).
     */
    private float[][][] wobbly(float[][][] clean) {
        float[][][] p = Motions.copy(clean);
        double amplitude = 0.02 + 0.04 * rng.nextDouble(), period = 20 + 20 * rng.nextDouble(), phase = 2 * Math.PI * rng.nextDouble();
        for (int t = 0; t < p.length; t++) {
            double a = 2 * Math.PI * t / period + phase;
            for (float[] j : p[t]) {
                j[0] += (float) (amplitude * Math.sin(a));
                j[2] += (float) (amplitude * Math.cos(a));
            }
        }
        return p;
    }

    @Test
    void slidingFeetArePlantedWithLegsIntactAndTheBodyOnItsWay() {
        Action action = LOCOMOTION[rng.nextInt(LOCOMOTION.length)];
        float[][][] clean = clip(action);
        float[][][] planned = wobbly(clean);
        float[][][] untouched = Motions.copy(planned);
        float[][][] tracked = new KinematicTracker().track(planned, new float[0][][]);
        String where = action + ", seed " + seed;
        for (int t = 0; t < planned.length; t++) {
            for (int j = 0; j < planned[t].length; j++) assertArrayEquals(untouched[t][j], planned[t][j], "the plan was modified, " + where);
        }
        assertEquals(planned.length, tracked.length);

        double before = MotionMetrics.footSkating(planned, MotionLibrary.FPS), after = MotionMetrics.footSkating(tracked, MotionLibrary.FPS);
        assertTrue(after < 0.25 * before, "skating " + before + " → " + after + " m/s, " + where);
        assertEquals(0, MotionMetrics.floorPenetration(tracked, 0), 1e-6, where);
        for (int t = 0; t < tracked.length; t++) {
            for (int[] bone : LEG_BONES) {
                double planLength = distance(planned[t][bone[0]], planned[t][bone[1]]);
                assertEquals(planLength, distance(tracked[t][bone[0]], tracked[t][bone[1]]), 1e-4, "bone " + Arrays.toString(bone) + " at frame " + t + ", " + where);
            }
        }
        // The pelvis only absorbs the slide: it travels about as the clip did before the wobble.
        int last = tracked.length - 1;
        double travel = distance(clean[0][Skeleton.PELVIS], clean[last][Skeleton.PELVIS]);
        double drift = Math.hypot(tracked[last][Skeleton.PELVIS][0] - tracked[0][Skeleton.PELVIS][0] - (clean[last][Skeleton.PELVIS][0] - clean[0][Skeleton.PELVIS][0]),
                tracked[last][Skeleton.PELVIS][2] - tracked[0][Skeleton.PELVIS][2] - (clean[last][Skeleton.PELVIS][2] - clean[0][Skeleton.PELVIS][2]));
        assertTrue(drift < 0.2 + 0.1 * travel, "the pelvis drifted " + drift + " m from the clip's path of " + travel + " m, " + where);
        // Swings catch up with the plan in the air, faster than planned but without pops.
        assertTrue(peakSpeed(tracked, 1) < 2 * peakSpeed(planned, 1) + 0.5, "speed " + peakSpeed(tracked, 1) + " vs planned " + peakSpeed(planned, 1) + ", " + where);
    }

    @Test
    void aSecondWindowContinuesWhereTheFirstWasExecuted() {
        Action action = LOCOMOTION[rng.nextInt(LOCOMOTION.length)];
        float[][][] planned = wobbly(clip(action));
        int split = 20 + rng.nextInt(planned.length - 40);
        KinematicTracker tracker = new KinematicTracker();
        float[][][] first = tracker.track(Arrays.copyOfRange(planned, 0, split), new float[0][][]);
        // The closed loop plans onward from what was executed: the rest of the plan moves along with the pelvis.
        float[][][] rest = Motions.copy(Arrays.copyOfRange(planned, split, planned.length));
        float dx = first[split - 1][Skeleton.PELVIS][0] - planned[split - 1][Skeleton.PELVIS][0];
        float dz = first[split - 1][Skeleton.PELVIS][2] - planned[split - 1][Skeleton.PELVIS][2];
        for (float[][] frame : rest) {
            for (float[] j : frame) {
                j[0] += dx;
                j[2] += dz;
            }
        }
        float[][][] second = tracker.track(rest, first);
        float[][][] joined = new float[planned.length][][];
        System.arraycopy(first, 0, joined, 0, split);
        System.arraycopy(second, 0, joined, split, second.length);
        // No jump where the windows meet: each joint moves there about as fast as the plan moves it.
        for (int j = 0; j < joined[split].length; j++) {
            double planHere = 0;
            for (int t = split - 2; t <= split + 2; t++) planHere = Math.max(planHere, distance(planned[t][j], planned[t - 1][j]) * MotionLibrary.FPS);
            double across = distance(joined[split][j], joined[split - 1][j]) * MotionLibrary.FPS;
            assertTrue(across < 2 * planHere + 0.3, "the step across the windows moves joint " + j + " at " + across + " m/s (the plan there: "
                    + planHere + "), " + action + ", split " + split + ", seed " + seed);
        }
        double skating = MotionMetrics.footSkating(joined, MotionLibrary.FPS);
        assertTrue(skating < 0.25 * MotionMetrics.footSkating(planned, MotionLibrary.FPS), "skating " + skating + ", " + action + ", seed " + seed);
    }

    @Test
    void aRootPathControlKeepsThePelvisAndALegControlKeepsTheLegs() {
        float[][][] clean = clip(LOCOMOTION[rng.nextInt(LOCOMOTION.length)]);
        float[][][] planned = wobbly(clean);
        int frames = planned.length;
        MotionControl path = MotionControls.rootPath(frames, new double[][] {{0, 0, 0}, {frames - 1, 0.3, 2}});
        KinematicTracker keeping = KinematicTracker.respecting(path).orElseThrow();
        float[][][] tracked = keeping.track(planned, new float[0][][]);
        for (int t = 0; t < frames; t++) {
            assertEquals(planned[t][Skeleton.PELVIS][0], tracked[t][Skeleton.PELVIS][0], 0f, "pelvis x at frame " + t + ", seed " + seed);
            assertEquals(planned[t][Skeleton.PELVIS][2], tracked[t][Skeleton.PELVIS][2], 0f, "pelvis z at frame " + t + ", seed " + seed);
        }
        double before = MotionMetrics.footSkating(planned, MotionLibrary.FPS), after = MotionMetrics.footSkating(tracked, MotionLibrary.FPS);
        assertTrue(after < 0.5 * before, "with the pelvis kept, skating " + before + " → " + after + " m/s, seed " + seed);

        MotionControl wrist = MotionControls.jointPath(frames, Skeleton.RIGHT_WRIST, new double[][] {{0, -0.3, 0.2, 0.3}, {frames - 1, -0.3, 0.5, 0.3}});
        assertTrue(KinematicTracker.respecting(wrist).isPresent(), "an upper-body control leaves the legs to the tracker");
        MotionControl keyframe = MotionControls.keyframe(frames, rng.nextInt(frames), clean[0]);
        assertTrue(KinematicTracker.respecting(keyframe).isEmpty(), "a keyframe fixes the legs");
        assertTrue(KinematicTracker.respecting(MotionControls.edit(frames, clean, true)).isEmpty(), "an edit keeping the lower body fixes the legs");
        assertTrue(KinematicTracker.respecting(MotionControls.edit(frames, clean, false)).isPresent(), "an edit keeping the upper body does not");
        assertTrue(KinematicTracker.respecting(null).isPresent());
    }

    @Test
    void kneesBendForwardsWithoutFlipping() {
        Action action = LOCOMOTION[rng.nextInt(LOCOMOTION.length)];
        float[][][] planned = wobbly(clip(action));
        // Plant a hyperextension, as the denoiser's averages sometimes have: for a few frames one
        // knee is mirrored through its hip-ankle line to the back of the leg.
        int[] leg = rng.nextBoolean() ? new int[] {Skeleton.LEFT_HIP, Skeleton.LEFT_KNEE, Skeleton.LEFT_ANKLE}
                : new int[] {Skeleton.RIGHT_HIP, Skeleton.RIGHT_KNEE, Skeleton.RIGHT_ANKLE};
        int from = rng.nextInt(planned.length - 6);
        for (int t = from; t < from + 5; t++) {
            double[] bend = bend(planned[t], leg);
            for (int c = 0; c < 3; c++) planned[t][leg[1]][c] -= (float) (2 * bend[c]);
        }
        float[][][] tracked = new KinematicTracker().track(planned, new float[0][][]);
        String where = action + ", hyperextension at frames " + from + "–" + (from + 4) + ", seed " + seed;
        for (int[] l : new int[][] {{Skeleton.LEFT_HIP, Skeleton.LEFT_KNEE, Skeleton.LEFT_ANKLE}, {Skeleton.RIGHT_HIP, Skeleton.RIGHT_KNEE, Skeleton.RIGHT_ANKLE}}) {
            double[] before = null;
            for (int t = 0; t < tracked.length; t++) {
                double[] bend = bend(tracked[t], l);
                double size = Math.sqrt(bend[0] * bend[0] + bend[1] * bend[1] + bend[2] * bend[2]);
                if (size < 0.02) { // nearly straight: no direction to speak of
                    before = null;
                    continue;
                }
                float[] left = tracked[t][Skeleton.LEFT_HIP], right = tracked[t][Skeleton.RIGHT_HIP];
                double forwardX = -(left[2] - right[2]), forwardZ = left[0] - right[0]; // across × up
                assertTrue(bend[0] * forwardX + bend[2] * forwardZ >= 0, "knee " + l[1] + " bends backwards at frame " + t + ", " + where);
                double[] direction = {bend[0] / size, bend[1] / size, bend[2] / size};
                if (before != null) {
                    double turn = Math.toDegrees(Math.acos(Math.min(1, direction[0] * before[0] + direction[1] * before[1] + direction[2] * before[2])));
                    assertTrue(turn < 60, "knee " + l[1] + " turns " + turn + "° between frames " + (t - 1) + " and " + t + ", " + where);
                }
                before = direction;
            }
        }
    }

    /** The knee's offset from its hip-ankle line. */
    private static double[] bend(float[][] frame, int[] leg) {
        float[] hip = frame[leg[0]], knee = frame[leg[1]], ankle = frame[leg[2]];
        double[] axis = {ankle[0] - hip[0], ankle[1] - hip[1], ankle[2] - hip[2]};
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double[] k = {knee[0] - hip[0], knee[1] - hip[1], knee[2] - hip[2]};
        double along = (k[0] * axis[0] + k[1] * axis[1] + k[2] * axis[2]) / (n * n);
        return new double[] {k[0] - along * axis[0], k[1] - along * axis[1], k[2] - along * axis[2]};
    }

    @Test
    void standingStillStaysPut() {
        MotionClip idle = MotionLibrary.clip(Action.IDLE, rng.nextLong(), 0);
        float[][][] tracked = new KinematicTracker().track(idle.positions(), new float[0][][]);
        for (int t = 0; t < tracked.length; t++) {
            for (int j = 0; j < tracked[t].length; j++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(idle.positions()[t][j][c], tracked[t][j][c], 0.02, "joint " + j + " frame " + t + ", seed " + seed);
                }
            }
        }
    }

    private static double distance(float[] a, float[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    /** Largest joint speed (m/s) between consecutive frames from {@code from} on. */
    private static double peakSpeed(float[][][] m, int from) {
        double peak = 0;
        for (int t = from; t < m.length; t++) {
            for (int j = 0; j < m[t].length; j++) peak = Math.max(peak, distance(m[t][j], m[t - 1][j]) * MotionLibrary.FPS);
        }
        return peak;
    }
}
