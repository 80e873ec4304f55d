package io.genkern.motion.generate;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.GpuTests;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text-to-motion on the CUDA backend against the CPU backend, same seed: the noise is bit-identical
 * (see CudaSamplingTest), so the motions differ only by f32 rounding in the attention and the
 * sampler, which must stay far below what a viewer could see.
 */
@Tag("gpu")
class CudaMotionTest {
    private static final double MAX_DIFFERENCE = 0.01;  // m, any joint at any frame
    private static final double MEAN_DIFFERENCE = 0.001; // m
    private Backend cuda;

    @BeforeEach
    void device() {
        cuda = GpuTests.cudaOrSkip();
    }

    @Test
    void composedMotionMatchesTheCpu() {
        MotionLibrary library = MotionLibrary.generate(0, 6);
        MotionPrior prior = new MotionPrior(library);
        List<String> actions = MotionLibrary.actions();
        Random random = TestSeeds.random();
        long seed = random.nextLong();
        String first = actions.get(random.nextInt(actions.size())), second = actions.get(random.nextInt(actions.size()));
        float[][][][] motions = new float[2][][][];
        Backend[] backends = {Backends.cpu(), cuda};
        for (int k = 0; k < 2; k++) {
            try (MotionGenerator generator = new MotionGenerator(prior, backends[k])) {
                motions[k] = generator.generate(MotionGenerator.Request.builder().seed(seed).steps(20).guidance(1.5)
                        .part(PromptMatcher.forAction(library, first), 50, first)
                        .part(PromptMatcher.forAction(library, second), 30, second).build()).positions().get(0);
            }
        }
        assertEquals(motions[0].length, motions[1].length);
        double worst = 0, sum = 0;
        long count = 0;
        for (int t = 0; t < motions[0].length; t++) {
            for (int j = 0; j < motions[0][t].length; j++) {
                double d = 0;
                for (int c = 0; c < 3; c++) d += Math.pow(motions[0][t][j][c] - motions[1][t][j][c], 2);
                worst = Math.max(worst, Math.sqrt(d));
                sum += Math.sqrt(d);
                count++;
            }
        }
        String what = first + " then " + second + ", seed " + seed;
        assertTrue(worst < MAX_DIFFERENCE, "CUDA vs CPU: a joint differs by " + worst + " m, " + what);
        assertTrue(sum / count < MEAN_DIFFERENCE, "CUDA vs CPU: joints differ by " + sum / count + " m on average, " + what);
    }
}
