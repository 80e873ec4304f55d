package io.genkern.motion.generate;

import io.genkern.Backends;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.ActionExtent;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Every seed does the whole action: amplitudes against the library's clips, no frozen motions. */
class EveryActionTest {
    private final Random random = TestSeeds.random();

    @Test
    void everyActionReachesHalfTheLibrarysLeastAmplitudeOnFreshSeeds() {
        MotionLibrary library = MotionLibrary.generate(0, 6);
        List<String> failures = new ArrayList<>();
        try (MotionPipeline pipeline = new MotionPipeline(library, Backends.cpu(), null, null)) {
            for (String action : MotionLibrary.actions()) {
                ActionExtent.Measure measure = ActionExtent.forAction(action);
                ActionExtent.Range range = ActionExtent.library(library, action);
                double stillest = ActionExtent.stillest(library, action);
                for (int i = 0; i < 2; i++) {
                    long seed = random.nextLong();
                    float[][][] motion = pipeline.generate(MotionPipeline.Request.action(action).seconds(3).steps(20).seed(seed).build(), w -> {})
                            .positions().get(0);
                    double v = measure.of(motion, MotionLibrary.FPS), speed = ActionExtent.jointSpeed(motion, MotionLibrary.FPS);
                    boolean far = measure.lessIsMore() ? v > 2 * range.max() : v < range.min() / 2;
                    boolean frozen = !action.equals("idle") && ActionExtent.frozen(motion, MotionLibrary.FPS, stillest);
                    if (far || frozen) {
                        failures.add(String.format("%s seed %d: %s %.3f (library %.3f–%.3f), joints %.3f m/s (stillest clip %.3f, frozen below half)",
                                action, seed, measure.name(), v, range.min(), range.max(), speed, stillest));
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theSquatSeedsThatFrozeNowSquat() {
        // With the pure-noise start, seed 202 held one half-bent pose for 4 s (pelvis range 0.04 m).
        MotionLibrary library = MotionLibrary.standard(0);
        ActionExtent.Range range = ActionExtent.library(library, "squat");
        try (MotionPipeline pipeline = new MotionPipeline(library, Backends.cpu(), null, null)) {
            for (long seed : new long[] {202, 404, 606}) {
                MotionPipeline.Result r = pipeline.generate(MotionPipeline.Request.action("squat").seconds(4).seed(seed).build(), w -> {});
                double depth = ActionExtent.forAction("squat").of(r.positions().get(0), MotionLibrary.FPS);
                assertTrue(depth >= range.min(), "seed " + seed + ": pelvis range " + depth + " m, the library's shallowest squat " + range.min());
                assertEquals(List.of(), r.frozenParts().get(0), "seed " + seed);
            }
        }
    }

    @Test
    void aStillPartIsSaidAndAMovingOneIsNot() {
        MotionLibrary library = MotionLibrary.generate(0, 6);
        var squats = library.clips("squat");
        float[][][] squat = squats.get(random.nextInt(squats.size())).positions();
        float[][][] still = new float[squat.length][][];
        java.util.Arrays.fill(still, squat[random.nextInt(squat.length)]);
        float[][][] both = new float[2 * squat.length][][];
        System.arraycopy(still, 0, both, 0, squat.length);
        System.arraycopy(squat, 0, both, squat.length, squat.length);
        try (MotionPipeline pipeline = new MotionPipeline(library, Backends.cpu(), null, null)) {
            List<String> said = pipeline.frozenParts(both, List.of(new MotionPipeline.Part("squat", squat.length, null),
                    new MotionPipeline.Part("squat", squat.length, null)));
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).startsWith("part 'squat' barely moves"), said.get(0));
            assertEquals(List.of(), pipeline.frozenParts(still, List.of(new MotionPipeline.Part("idle", squat.length, null))),
                    "standing still is what idle does");
        }
    }
}
