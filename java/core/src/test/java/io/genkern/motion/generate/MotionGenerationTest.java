package io.genkern.motion.generate;

import io.genkern.testing.TestSeeds;
import io.genkern.Backends;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.metrics.MotionMetrics;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Text-free generation end to end on the CPU backend: determinism, lengths, controls, closed loop. */
class MotionGenerationTest {
    private static MotionLibrary library;
    private static MotionGenerator generator;
    private final Random random = TestSeeds.random();

    @BeforeAll
    static void setUp() {
        library = MotionLibrary.generate(0, 6);
        generator = new MotionGenerator(new MotionPrior(library), Backends.cpu());
    }

    @AfterAll
    static void tearDown() {
        generator.close();
    }

    private MotionGenerator.Request.Builder request(String action, int frames, long seed) {
        return MotionGenerator.Request.builder().part(PromptMatcher.forAction(library, action), frames, action).steps(12).seed(seed);
    }

    @Test
    void sameSeedSameMotionOnAnyThreadCount() {
        long seed = random.nextLong();
        float[][][] a, b, c;
        try {
            Backends.setCpuThreads(1);
            a = generator.generate(request("walk", 40, seed).build()).positions().get(0);
            Backends.setCpuThreads(2);
            b = generator.generate(request("walk", 40, seed).build()).positions().get(0);
        } finally {
            Backends.setCpuThreads(0);
        }
        c = generator.generate(request("walk", 40, seed + 1).build()).positions().get(0);
        assertArrayEquals(flatten(a), flatten(b), 0f, "bitwise equal on 1 and 2 threads");
        assertFalse(java.util.Arrays.equals(flatten(a), flatten(c)), "another seed gives another motion");
    }

    @Test
    void windowCacheStaysWithinItsBudgetAndChangesNothing() {
        long seed = random.nextLong();
        float[] reference = flatten(generator.generate(request("walk", 30, seed).build()).positions().get(0));
        long walkBytes = generator.denoiser().cachedBytes();
        generator.generate(request("walk", 30, seed).build());
        assertEquals(walkBytes, generator.denoiser().cachedBytes(), "the same prompt reuses its windows");
        try (MotionGenerator tiny = new MotionGenerator(generator.prior(), Backends.cpu(), 1)) {
            for (String action : new String[] {"walk", "clap", "walk"}) {
                float[] p = flatten(tiny.generate(request(action, 30, seed).build()).positions().get(0));
                assertEquals(0, tiny.denoiser().cachedBytes(), "a 1-byte budget keeps nothing between requests");
                if (action.equals("walk")) assertArrayEquals(reference, p, 0f, "rebuilt windows give the same motion");
            }
        }
        // A budget of about one request: each new prompt pushes out the least recently used windows.
        long budget = walkBytes * 11 / 10;
        try (MotionGenerator bounded = new MotionGenerator(generator.prior(), Backends.cpu(), budget)) {
            for (String action : new String[] {"walk", "clap", "squat", "kick", "jog"}) {
                long own;
                try (MotionGenerator fresh = new MotionGenerator(generator.prior(), Backends.cpu())) {
                    fresh.generate(request(action, 30, seed).build());
                    own = fresh.denoiser().cachedBytes();
                }
                bounded.generate(request(action, 30, seed).build());
                long held = bounded.denoiser().cachedBytes();
                assertTrue(held <= budget, action + ": " + held + " bytes cached, budget " + budget);
                if (own <= budget) assertTrue(held >= own, action + ": the latest request's " + own + " bytes are kept, " + held + " held");
            }
        }
    }

    @Test
    void composedMotionHasExactlyTheRequestedLength() {
        int[] lengths = {20 + random.nextInt(20), 25 + random.nextInt(20), 15 + random.nextInt(20)};
        MotionGenerator.Result r = generator.generate(MotionGenerator.Request.builder().steps(8).seed(random.nextLong())
                .part(PromptMatcher.forAction(library, "walk"), lengths[0], "walk")
                .part(PromptMatcher.forAction(library, "jump_in_place"), lengths[1], "jump")
                .part(PromptMatcher.forAction(library, "clap"), lengths[2], "clap").build());
        int total = lengths[0] + lengths[1] + lengths[2];
        assertEquals(total, r.positions().get(0).length);
        assertEquals(total, r.features().get(0).length);
        // The time breakdown nests: attention inside the denoiser, denoiser and decoding inside the total.
        MotionGenerator.Timing t = r.timing();
        assertTrue(t.attentionNanos() > 0 && t.windowNanos() > 0 && t.samplerNanos() > 0 && t.decodeNanos() > 0, t.toString());
    }

    @Test
    void rootPathIsFollowedWithinTwoCentimetres() {
        int frames = 40;
        // Ahead along +Z, then curving right: the motion starts at the origin facing +Z, so does the path.
        double turn = 0.5 + random.nextDouble();
        double[][] path = {{0, 0, 0}, {20, 0, 1.2}, {39, -turn, 2.0}};
        MotionControl control = MotionControls.rootPath(frames, path);
        float[][][] p = generator.generate(request("walk", frames, random.nextLong()).control(control).build()).positions().get(0);
        for (int t = 0; t < frames; t++) {
            double[] expected = interpolate(path, t);
            double error = Math.hypot(p[t][0][0] - expected[0], p[t][0][2] - expected[1]);
            assertTrue(error < 0.02, "pelvis at frame " + t + " is " + error + " m from the path");
        }
    }

    @Test
    void trackedSamplingPlantsTheFeetAndKeepsTheControls() {
        int frames = 60;
        long seed = random.nextLong();
        float[][] pose = HumanMl3d.canonicalize(library.clips("walk").get(random.nextInt(6)).positions())[20];
        MotionControl keyframe = MotionControls.keyframe(frames, frames - 1, pose);
        MotionGenerator.Result plain = generator.generate(request("walk", frames, seed).steps(20).control(keyframe).build());
        MotionGenerator.Result tracked = generator.generate(request("walk", frames, seed).steps(20).control(keyframe).trackedSampling(true).build());
        // Measured where the tracker governs: the keyframe snaps the last frame to its pose.
        int free = frames - 3;
        double before = MotionMetrics.footSkating(java.util.Arrays.copyOf(plain.positions().get(0), free), MotionLibrary.FPS);
        double after = MotionMetrics.footSkating(java.util.Arrays.copyOf(tracked.positions().get(0), free), MotionLibrary.FPS);
        assertTrue(after < 0.25 * before, "skating " + before + " → " + after + " m/s with the tracker in the loop, seed " + seed);
        assertTrue(tracked.timing().projectionNanos() > 0 && plain.timing().projectionNanos() == 0);
        float[] key = HumanMl3d.toFeatures(new float[][][] {pose, pose})[0];
        for (int i = HumanMl3d.ROOT_HEIGHT; i < HumanMl3d.ROTATIONS_6D; i++) {
            assertEquals(key[i], tracked.features().get(0)[frames - 1][i], 0.02, "keyframe feature " + i + ", seed " + seed);
        }
        double[][] path = {{0, 0, 0}, {59, 0.4, 2.5}};
        float[][][] p = generator.generate(request("walk", frames, seed).steps(20).control(MotionControls.rootPath(frames, path))
                .trackedSampling(true).build()).positions().get(0);
        for (int t = 0; t < frames; t++) {
            double[] expected = interpolate(path, t);
            assertTrue(Math.hypot(p[t][0][0] - expected[0], p[t][0][2] - expected[1]) < 0.02, "pelvis off the path at frame " + t + ", seed " + seed);
        }
    }

    @Test
    void jointPathAndKeyframeAreHonoured() {
        int frames = 40;
        double height = 1.3 + 0.3 * random.nextDouble();
        double[][] wrist = {{10, -0.3, height, 0.3}, {30, -0.3, height, 0.5}};
        MotionControl control = MotionControls.jointPath(frames, io.genkern.motion.Skeleton.RIGHT_WRIST, wrist);
        float[][] pose = library.clip(0).positions()[5];
        control = control.and(MotionControls.keyframe(frames, 39, pose));
        float[][] f = generator.generate(request("wave_right", frames, random.nextLong()).control(control).build()).features().get(0);
        int base = HumanMl3d.RIC + (io.genkern.motion.Skeleton.RIGHT_WRIST - 1) * 3;
        for (int t = 10; t <= 30; t++) {
            double[] expected = interpolate(new double[][] {{10, -0.3, height}, {30, -0.3, height}}, t);
            double z = 0.3 + 0.2 * (t - 10) / 20.0;
            double error = Math.sqrt(Math.pow(f[t][base] - expected[0], 2) + Math.pow(f[t][base + 1] - expected[1], 2) + Math.pow(f[t][base + 2] - z, 2));
            assertTrue(error < 0.02, "right wrist at frame " + t + " is " + error + " m from its path");
        }
        float[] key = HumanMl3d.toFeatures(new float[][][] {pose, pose})[0];
        for (int i = HumanMl3d.ROOT_HEIGHT; i < HumanMl3d.ROTATIONS_6D; i++) {
            assertEquals(key[i], f[39][i], 0.02, "keyframe feature " + i);
        }
    }

    @Test
    void closedLoopPlansFromExecutedFramesWithoutJumps() {
        int frames = 70;
        MotionGenerator.Result r = new ClosedLoopGenerator(generator, new KinematicTracker()).generate(request("walk", frames, random.nextLong()).build());
        float[][][] p = r.positions().get(0);
        assertEquals(frames, p.length);
        // A seam between plans would show as a jump at the frames where one plan meets the next; a
        // walking toe is fastest mid-swing anywhere (it may be there too), so the seam is held to the
        // motion's peak elsewhere with room for one more swing.
        int seam = ClosedLoopGenerator.PLAN;
        double seamPeak = 0, elsewhere = 0;
        for (int t = 1; t < frames; t++) {
            for (int j = 0; j < p[t].length; j++) {
                double speed = 20 * Math.sqrt(Math.pow(p[t][j][0] - p[t - 1][j][0], 2) + Math.pow(p[t][j][1] - p[t - 1][j][1], 2)
                        + Math.pow(p[t][j][2] - p[t - 1][j][2], 2));
                if (Math.abs(t - seam) <= 1) seamPeak = Math.max(seamPeak, speed);
                else elsewhere = Math.max(elsewhere, speed);
            }
        }
        assertTrue(seamPeak <= 1.5 * elsewhere, "where the plans meet the joints move at up to " + seamPeak + " m/s, elsewhere " + elsewhere);
        for (float[][] frame : p) for (float[] joint : frame) assertTrue(joint[1] >= -1e-4, "nothing below the floor");
    }

    @Test
    void theReadmeCompositionWalksAndJumps() {
        // "walk 3 s; jump 1.5 s; wave 2 s": sampled from pure noise, the jump rarely left the floor
        // and the walk shuffled at about half the library's speed (see RetrievedStart). One seed in
        // ~25 still walks below the slowest library walk (0.30 against 0.38 m/s from a 0.62 m/s start).
        double slowestWalk = Double.POSITIVE_INFINITY;
        for (var clip : library.clips("walk")) slowestWalk = Math.min(slowestWalk, speed(clip.positions(), 0, clip.frames()));
        for (int i = 0; i < 3; i++) {
            long seed = random.nextLong();
            float[][][] p = new KinematicTracker().track(generator.generate(MotionGenerator.Request.builder().steps(20).seed(seed)
                    .part(PromptMatcher.forAction(library, "walk"), 60, "walk")
                    .part(PromptMatcher.forAction(library, "jump_in_place"), 30, "jump")
                    .part(PromptMatcher.forAction(library, "wave_right"), 40, "wave").build()).positions().get(0), new float[0][][]);
            double walk = speed(p, 0, 60), lift = footLift(p, 60, 90);
            // The floor of issue 25's rule (never below half the library's least); the median is motion-eval's to measure.
            assertTrue(walk >= slowestWalk / 2, "seed " + seed + ": the walk goes " + walk + " m/s, the slowest library walk " + slowestWalk);
            assertTrue(lift >= 0.05, "seed " + seed + ": both feet leave the floor in the jump part, by " + lift + " m");
        }
    }

    /** Horizontal pelvis speed from frame {@code from} to {@code to} − 1, m/s. */
    private static double speed(float[][][] p, int from, int to) {
        return Math.hypot(p[to - 1][0][0] - p[from][0][0], p[to - 1][0][2] - p[from][0][2]) / ((to - 1 - from) / MotionLibrary.FPS);
    }

    /** The most both feet are off the motion's floor (its lowest foot point) within frames [from, to). */
    private static double footLift(float[][][] p, int from, int to) {
        double floor = Double.POSITIVE_INFINITY, lift = 0;
        for (float[][] f : p) for (int j : io.genkern.motion.Skeleton.SMPL_FOOT_JOINTS) floor = Math.min(floor, f[j][1]);
        for (int t = from; t < to; t++) {
            double lowest = Double.POSITIVE_INFINITY;
            for (int j : io.genkern.motion.Skeleton.SMPL_FOOT_JOINTS) lowest = Math.min(lowest, p[t][j][1]);
            lift = Math.max(lift, lowest - floor);
        }
        return lift;
    }

    /** The figure grew or shrank by 10-18% at part boundaries (clips of differently sized actors blended). */
    @Test
    void theBodyKeepsItsSizeAcrossPartsAndThroughTheTracker() {
        long seed = random.nextLong();
        MotionGenerator.Result r = generator.generate(MotionGenerator.Request.builder().steps(8).seed(seed)
                .part(PromptMatcher.forAction(library, "walk"), 40, "walk")
                .part(PromptMatcher.forAction(library, "wave_right"), 40, "wave").build());
        float[][][] decoded = HumanMl3d.recoverFromRic(r.features().get(0));
        assertTrue(maxBoneLengthRange(decoded) > 1e-3, "seed " + seed + ": the raw decoding changes some bone by > 1 mm "
                + "(else this test could not tell)");
        assertTrue(maxBoneLengthRange(r.positions().get(0)) < 1e-4, "seed " + seed + ": every bone within 0.1 mm over the motion");
        float[][][] tracked = new KinematicTracker().track(r.positions().get(0), new float[0][][]);
        assertTrue(maxBoneLengthRange(tracked) < 1e-3, "seed " + seed + ": within 1 mm after the tracker, "
                + maxBoneLengthRange(tracked));
        float[][][] closedLoop = new ClosedLoopGenerator(generator, new KinematicTracker()).generate(request("walk", 70, seed).build())
                .positions().get(0);
        assertTrue(maxBoneLengthRange(closedLoop) < 1e-3, "seed " + seed + ": one body over the closed loop's rounds, "
                + maxBoneLengthRange(closedLoop));
    }

    /** The largest (longest − shortest) length of any bone over the frames, in metres. */
    private static double maxBoneLengthRange(float[][][] p) {
        int[] parents = io.genkern.motion.Skeleton.smpl22().parents();
        double worst = 0;
        for (int j = 1; j < parents.length; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (float[][] f : p) {
                double len = Math.sqrt(Math.pow(f[j][0] - f[parents[j]][0], 2) + Math.pow(f[j][1] - f[parents[j]][1], 2)
                        + Math.pow(f[j][2] - f[parents[j]][2], 2));
                lo = Math.min(lo, len);
                hi = Math.max(hi, len);
            }
            worst = Math.max(worst, hi - lo);
        }
        return worst;
    }

    private static double[] interpolate(double[][] points, int t) {
        for (int i = 1; i < points.length; i++) {
            if (t <= points[i][0]) {
                double u = (t - points[i - 1][0]) / (points[i][0] - points[i - 1][0]);
                return new double[] {points[i - 1][1] + u * (points[i][1] - points[i - 1][1]), points[i - 1][2] + u * (points[i][2] - points[i - 1][2])};
            }
        }
        double[] last = points[points.length - 1];
        return new double[] {last[1], last[2]};
    }

    private static float[] flatten(float[][][] p) {
        return io.genkern.motion.Motions.flatten(p);
    }
}
