package io.genkern.hostile;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.attention.Attention;
import io.genkern.attention.AttentionOptions;
import io.genkern.motion.generate.MotionGenerator;
import io.genkern.motion.generate.MotionPrior;
import io.genkern.motion.generate.PromptMatcher;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bounded soaks (a service's life in small): native bytes in use return exactly to where they were,
 * and direct (off-heap) staging memory stays flat. GENKERN_SOAK_CALLS scales them (default 2,000
 * attention calls and 30 generations; the documented longer run: 10000).
 */
class SoakTest {
    private static final int CALLS = Integer.parseInt(System.getenv().getOrDefault("GENKERN_SOAK_CALLS", "2000"));
    private final Backend cpu = Backends.cpu();

    private static long directBytes() {
        long used = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) used += pool.getMemoryUsed();
        }
        return used;
    }

    @Test
    void attentionCallsReturnEveryByte() {
        long seed = TestSeeds.seed();
        Random random = new Random(seed);
        long before = cpu.bytesInUse();
        long directAfterWarmUp = 0;
        for (int call = 0; call < CALLS; call++) {
            if (call == CALLS / 10) directAfterWarmUp = directBytes();
            int n = 1 + random.nextInt(64), m = 1 + random.nextInt(300), d = 8 * (1 + random.nextInt(8));
            try (Scope scope = Scope.open()) {
                Tensor q = cpu.allocate(DType.F32, 1, 2, n, d).fill(0.01 * call);
                Tensor k = cpu.allocate(DType.F32, 1, 2, m, d).fill(0.02);
                Tensor v = cpu.allocate(DType.F32, 1, 2, m, d).copyFrom(new float[2 * m * d]);
                float[] out = Attention.forward(q, k, v, AttentionOptions.DEFAULT).toFloatArray();
                assertEquals(2 * n * d, out.length);
            }
        }
        assertEquals(before, cpu.bytesInUse(), "seed " + seed + ": native bytes after " + CALLS + " calls");
        long growth = directBytes() - directAfterWarmUp;
        assertTrue(growth < 8 << 20, "seed " + seed + ": direct memory grew by " + growth + " bytes over " + CALLS + " calls");
    }

    @Test
    void generationsReturnToTheCacheSize() {
        long seed = TestSeeds.seed();
        MotionLibrary library = MotionLibrary.generate(0, 2);
        String[] actions = {"walk", "clap"};
        long before = cpu.bytesInUse();
        try (MotionGenerator generator = new MotionGenerator(new MotionPrior(library), cpu)) {
            for (String a : actions) {
                generator.generate(MotionGenerator.Request.builder().part(PromptMatcher.forAction(library, a), 20, a).steps(2).seed(seed).build());
            }
            long warm = cpu.bytesInUse();
            for (int i = 0; i < Math.max(2, CALLS / 66); i++) {
                String a = actions[i % 2];
                generator.generate(MotionGenerator.Request.builder().part(PromptMatcher.forAction(library, a), 20, a).steps(2).seed(seed + i).build());
                assertEquals(warm, cpu.bytesInUse(), "seed " + seed + ": generation " + i + " left bytes behind");
            }
        }
        assertEquals(before, cpu.bytesInUse(), "seed " + seed);
    }
}
