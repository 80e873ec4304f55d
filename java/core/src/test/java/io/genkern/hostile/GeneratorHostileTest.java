package io.genkern.hostile;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.GenkernException;
import io.genkern.motion.generate.MotionGenerator;
import io.genkern.motion.generate.MotionPrior;
import io.genkern.motion.generate.PromptMatcher;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** One MotionGenerator shared by threads, used after close, and called repeatedly (a service's life). */
class GeneratorHostileTest {
    private final Backend cpu = Backends.cpu();
    private final MotionLibrary library = MotionLibrary.generate(0, 3);

    private MotionGenerator.Request request(String action, long seed) {
        return MotionGenerator.Request.builder().part(PromptMatcher.forAction(library, action), 30, action).steps(4).seed(seed).build();
    }

    @Test
    void threadsSharingAGeneratorGetWhatTheyWouldAlone() throws Exception {
        long seed = TestSeeds.seed();
        String[] actions = {"walk", "clap", "squat", "kick"};
        try (MotionGenerator generator = new MotionGenerator(new MotionPrior(library), cpu)) {
            List<float[][][]> alone = new ArrayList<>();
            for (int i = 0; i < 8; i++) alone.add(generator.generate(request(actions[i % 4], seed + i)).positions().get(0));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<float[][][]>> shared = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    shared.add(pool.submit(() -> generator.generate(request(actions[n % 4], seed + n)).positions().get(0)));
                }
                for (int i = 0; i < 8; i++) {
                    float[][][] a = alone.get(i), b = shared.get(i).get();
                    for (int t = 0; t < a.length; t++) {
                        for (int j = 0; j < a[t].length; j++) assertArrayEquals(a[t][j], b[t][j], 0f, "seed " + seed + ", request " + i);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aClosedGeneratorRefusesWorkAndRepeatedRequestsDoNotLeak() {
        long seed = TestSeeds.seed();
        long before = cpu.bytesInUse();
        MotionGenerator generator = new MotionGenerator(new MotionPrior(library), cpu);
        generator.generate(request("walk", seed));
        long warm = cpu.bytesInUse(); // the window cache
        for (int i = 0; i < 3; i++) generator.generate(request("walk", seed + i));
        assertEquals(warm, cpu.bytesInUse(), "seed " + seed + ": each request frees what it allocated");
        generator.close();
        generator.close();
        assertEquals(before, cpu.bytesInUse(), "close returns the cache");
        assertEquals("this MotionGenerator is closed", assertThrows(GenkernException.class, () -> generator.generate(request("walk", seed))).getMessage());
    }
}
