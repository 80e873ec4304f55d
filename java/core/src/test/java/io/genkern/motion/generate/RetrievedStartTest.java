package io.genkern.motion.generate;

import io.genkern.motion.HumanMl3d;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The start the generator noises: each part made of its own clips, cut where they move, one per seed. */
class RetrievedStartTest {
    private static MotionLibrary library;
    private static MotionPrior prior;
    private final Random random = TestSeeds.random();

    @BeforeAll
    static void setUp() {
        library = MotionLibrary.generate(0, 6);
        prior = new MotionPrior(library);
    }

    private MotionCondition walkJumpWave(int walk, int jump, int wave) {
        List<MotionCondition.Span> spans = List.of(
                new MotionCondition.Span(0, walk, PromptMatcher.forAction(library, "walk")),
                new MotionCondition.Span(walk, walk + jump, PromptMatcher.forAction(library, "jump_in_place")),
                new MotionCondition.Span(walk + jump, walk + jump + wave, PromptMatcher.forAction(library, "wave_right")));
        return new MotionCondition(spans, 10);
    }

    @Test
    void eachPartIsMadeOfItsOwnClipsAndTheSeedDecides() {
        MotionCondition cond = walkJumpWave(30 + random.nextInt(60), 15 + random.nextInt(30), 30 + random.nextInt(60));
        long seed = random.nextLong();
        float[][] start = RetrievedStart.compose(prior, cond, new SplittableRandom(seed));
        assertEquals(cond.frames(), start.length);
        for (MotionCondition.Span span : cond.spans()) {
            List<float[]> own = new ArrayList<>();
            for (int c = 0; c < library.size(); c++) {
                if (span.weights().weights()[c] > 0) own.addAll(Arrays.asList(prior.clipFeatures(c)));
            }
            for (int t = span.start(); t < span.end(); t++) {
                float[] row = start[t];
                assertEquals(HumanMl3d.FEATURES, row.length);
                assertTrue(own.stream().anyMatch(r -> Arrays.equals(r, row)), "frame " + t + " comes from a clip of "
                        + span.weights().describe());
            }
        }
        assertTrue(Arrays.deepEquals(start, RetrievedStart.compose(prior, cond, new SplittableRandom(seed))), "same seed, same start");
        assertFalse(Arrays.deepEquals(start, RetrievedStart.compose(prior, cond, new SplittableRandom(seed + 1))), "another seed, another start");
    }

    @Test
    void aShortPartIsCutWhereItsClipsMoveMost() {
        // A jump is a short burst in a longer clip (crouch, push, flight, landing, standing): a 1-s
        // part must hold the burst, not the standing around it.
        int jump = 20;
        MotionCondition cond = walkJumpWave(40, jump, 40);
        for (int i = 0; i < 5; i++) {
            float[][] start = RetrievedStart.compose(prior, cond, new SplittableRandom(random.nextLong()));
            double cut = 0, sources = 0;
            int sourceFrames = 0;
            java.util.Set<Integer> from = new java.util.TreeSet<>();
            for (int t = 40; t < 40 + jump; t++) {
                cut += movement(prior.stats().denormalize(new float[][] {start[t]})[0]) / jump;
                from.add(sourceClip(start[t]));
            }
            for (int c : from) {
                for (float[] f : library.features().get(c)) sources += movement(f);
                sourceFrames += library.features().get(c).length;
            }
            sources /= sourceFrames;
            assertTrue(cut > 1.5 * sources, "the cut moves " + cut + " per frame, its clips " + from + " on average " + sources);
        }
    }

    private static int sourceClip(float[] row) {
        for (int c = 0; c < library.size(); c++) {
            for (float[] r : prior.clipFeatures(c)) if (Arrays.equals(r, row)) return c;
        }
        throw new AssertionError("a row of the start is in no clip");
    }

    private static double movement(float[] features) {
        double sum = 0;
        for (int i = HumanMl3d.LOCAL_VELOCITIES; i < HumanMl3d.FOOT_CONTACTS; i++) sum += (double) features[i] * features[i];
        return sum;
    }
}
