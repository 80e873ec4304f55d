package io.genkern.motion.metrics;

import io.genkern.GenkernException;
import io.genkern.motion.MotionClip;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ActionExtentTest {
    private static MotionLibrary library;
    private final Random random = TestSeeds.random();

    @BeforeAll
    static void setUp() {
        library = MotionLibrary.generate(0, 6);
    }

    @Test
    void speedIsNetHorizontalTravelOverTimeAndRangeIsThePelvisHeightSpan() {
        int frames = 21 + 2 * random.nextInt(50); // odd: the middle frame is the lowest
        double vx = random.nextGaussian(), vz = random.nextGaussian(), depth = 0.1 + 0.4 * random.nextDouble();
        float fps = 20;
        float[][][] p = new float[frames][22][3];
        for (int t = 0; t < frames; t++) {
            p[t][0][0] = (float) (vx * t / fps);
            p[t][0][2] = (float) (vz * t / fps);
            p[t][0][1] = (float) (0.9 - depth * Math.sin(Math.PI * t / (frames - 1))); // down and back up
        }
        assertEquals(Math.hypot(vx, vz), ActionExtent.forAction("walk").of(p, fps), 1e-4);
        assertEquals(depth, ActionExtent.forAction("squat").of(p, fps), 1e-3);
        assertThrows(GenkernException.class, () -> ActionExtent.forAction("walk").of(new float[1][22][3], fps));
        assertThrows(GenkernException.class, () -> ActionExtent.forAction("dance"));
    }

    @Test
    void aTurnIsTheUnwrappedHeadingChangeTowardsItsSide() {
        double degrees = 30 + 300 * random.nextDouble(); // beyond 180°: unwrapped, not the short way round
        int frames = 40;
        float[][][] p = new float[frames][22][3];
        for (int t = 0; t < frames; t++) {
            double a = Math.toRadians(degrees * Math.max(0, Math.min(1, (t - 10) / 19.0))); // still, turning, still
            // Facing +Z the left hip is at +X; turning left swings the facing from +Z towards +X.
            p[t][io.genkern.motion.Skeleton.LEFT_HIP] = new float[] {(float) (0.1 * Math.cos(a)), 0.9f, (float) (-0.1 * Math.sin(a))};
            p[t][io.genkern.motion.Skeleton.RIGHT_HIP] = new float[] {(float) (-0.1 * Math.cos(a)), 0.9f, (float) (0.1 * Math.sin(a))};
        }
        assertEquals(degrees, ActionExtent.forAction("turn_left").of(p, 20), 1e-3);
        assertEquals(-degrees, ActionExtent.forAction("turn_right").of(p, 20), 1e-3);
    }

    @Test
    void everyLibraryActionHasAPositiveAmplitudeOnItsOwnClips() {
        for (String action : MotionLibrary.actions()) {
            ActionExtent.Range r = ActionExtent.library(library, action);
            assertTrue(r.min() > 0 && r.min() <= r.median() && r.median() <= r.max(), action + ": " + r);
        }
        // Each clip turns towards its own side: a left turn is not counted as a right one.
        for (MotionClip c : library.clips("turn_right")) assertTrue(ActionExtent.forAction("turn_left").of(c.positions(), c.fps()) < 0, c.id());
    }

    @Test
    void aHeldPoseIsFrozenAndEveryLibraryClipIsNot() {
        for (String action : MotionLibrary.actions()) {
            if (action.equals("idle")) continue;
            List<MotionClip> clips = library.clips(action);
            MotionClip clip = clips.get(random.nextInt(clips.size()));
            float[][][] still = new float[clip.frames()][][];
            java.util.Arrays.fill(still, clip.positions()[random.nextInt(clip.frames())]);
            double stillest = ActionExtent.stillest(library, action);
            assertEquals(0, ActionExtent.jointSpeed(still, clip.fps()), 0);
            assertTrue(stillest > 0, action);
            assertTrue(ActionExtent.frozen(still, clip.fps(), stillest), action + ": a held pose is frozen");
            assertFalse(ActionExtent.frozen(clip.positions(), clip.fps(), stillest), clip.id() + " is not");
        }
    }
}
