package io.genkern.motion.generate;

import io.genkern.Backends;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.ActionExtent;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Turns by the asked angle and circles that close: what a part's words ask of the path. */
class PartControlsTest {
    private static MotionLibrary library;
    private final Random random = TestSeeds.random();

    @BeforeAll
    static void setUp() {
        library = MotionLibrary.standard(0);
    }

    @Test
    void theAngleIsReadFromTheWords() {
        assertEquals(90, PartControls.turnDegrees("turn left"));
        assertEquals(45, PartControls.turnDegrees("a person turns right 45 degrees"));
        assertEquals(30, PartControls.turnDegrees("turn left by 30°"));
        assertEquals(180, PartControls.turnDegrees("someone turns around"));
        String huge = "turn left " + (1081 + random.nextInt(1_000_000)) + " degrees";
        assertTrue(assertThrows(io.genkern.GenkernException.class, () -> PartControls.turnDegrees(huge)).getMessage().contains("at most 1080"), huge);
        assertTrue(PartControls.of("a person walks forward", "walk", 100, 0, 100, library).isEmpty(), "a plain walk has no control");
        assertTrue(PartControls.of("a person waves in a circle", "wave_right", 100, 0, 100, library).isEmpty(), "only locomotion runs a circle");
    }

    @Test
    void aCircleClosesAndTurnsTowardsItsSide() {
        int frames = 60 + random.nextInt(100);
        for (String text : new String[] {"a person jogs in a circle", "a person jogs in a circle clockwise"}) {
            MotionControl c = PartControls.of(text, "jog", frames, 0, frames, library).orElseThrow();
            // Integrate the fixed root velocities as recover_from_ric does: heading accumulator, then rotated steps.
            double a = 0, x = 0, z = 0, leftmost = 0, rightmost = 0;
            for (int t = 0; t < frames - 1; t++) {
                assertEquals(1, c.mask()[t][HumanMl3d.ROOT_LINEAR_VELOCITY], 0, "frame " + t + " of the path is fixed");
                a += c.known()[t][HumanMl3d.ROOT_ANGULAR_VELOCITY];
                double vx = c.known()[t][HumanMl3d.ROOT_LINEAR_VELOCITY], vz = c.known()[t][HumanMl3d.ROOT_LINEAR_VELOCITY + 1];
                // The inverse of the heading quaternion (cos a, 0, sin a, 0) applied to the local step.
                x += Math.cos(2 * a) * vx - Math.sin(2 * a) * vz;
                z += Math.sin(2 * a) * vx + Math.cos(2 * a) * vz;
                leftmost = Math.max(leftmost, x);
                rightmost = Math.min(rightmost, x);
            }
            double circumference = ActionExtent.library(library, "jog").median() * frames / MotionLibrary.FPS;
            boolean clockwise = text.contains("clockwise");
            assertEquals(clockwise ? Math.PI : -Math.PI, a, 0.35, text + ": the heading accumulator turns a full circle (half the yaw, sign flipped)");
            assertTrue(Math.hypot(x, z) < 0.05 * circumference, text + ": ends " + Math.hypot(x, z) + " m from where it started");
            assertTrue(clockwise ? -rightmost > 0.2 * circumference : leftmost > 0.2 * circumference,
                    text + ": x reaches " + leftmost + " / " + rightmost);
        }
    }

    @Test
    void aTurnPartTurnsTheAskedAngleWithin20Degrees() {
        try (MotionPipeline pipeline = new MotionPipeline(library, Backends.cpu(), null, null)) {
            for (String action : new String[] {"turn_left", "turn_right"}) {
                long seed = random.nextLong();
                MotionPipeline.Result r = pipeline.generate(MotionPipeline.Request.action(action).seconds(3).seed(seed).steps(25).build(), w -> {});
                double turned = ActionExtent.forAction(action).of(r.positions().get(0), MotionLibrary.FPS);
                assertEquals(90, turned, 20, action + " seed " + seed + ": turned " + turned + "°");
            }
            // The words give the angle.
            long seed = random.nextLong();
            PromptMatcher.Match m = new PromptMatcher.Match("turn right 45 degrees", PromptMatcher.forAction(library, "turn_right"), "turn_right",
                    0.8, Map.of("turn_right", 26), List.of("turn_right"));
            MotionPipeline.Result r = pipeline.generate(MotionPipeline.Request.action("turn_right").seconds(3).seed(seed).steps(25).build(),
                    List.of(new MotionPipeline.Part("turn right 45 degrees", 60, m)));
            double turned = ActionExtent.forAction("turn_right").of(r.positions().get(0), MotionLibrary.FPS);
            assertEquals(45, turned, 20, "seed " + seed + ": turned " + turned + "°");
        }
    }

    @Test
    void theClosedLoopFollowsATurnPlanByPlan() {
        // Closed-loop generation refused every control, so a turn part could not be planned 2 s at a time.
        try (MotionPipeline pipeline = new MotionPipeline(library, Backends.cpu(), null, null)) {
            long seed = random.nextLong();
            MotionPipeline.Result r = pipeline.generate(MotionPipeline.Request.action("turn_left").seconds(4).seed(seed).steps(20)
                    .closedLoop(true).build(), w -> {});
            double turned = ActionExtent.forAction("turn_left").of(r.positions().get(0), MotionLibrary.FPS);
            assertEquals(80, r.frames());
            // The executed plans turn less than the open loop does (59–102° over 8 seeds; the tracker's
            // planted feet hold the heading back): held to at least half the angle, not past it by 25°.
            assertTrue(turned >= 45 && turned <= 115, "seed " + seed + ": turned " + turned + "° in the closed loop");
        }
    }
}
