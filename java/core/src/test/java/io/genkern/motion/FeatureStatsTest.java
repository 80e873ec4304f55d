package io.genkern.motion;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import io.genkern.io.Npy;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureStatsTest {
    private final long seed = TestSeeds.seed();

    @Test
    void statsNormaliseAndSurviveASaveAndLoad(@TempDir Path dir) {
        MotionLibrary library = MotionLibrary.generate(seed, 2);
        List<float[][]> features = library.features();
        FeatureStats stats = FeatureStats.compute(features);
        float[][] z = stats.normalize(features.get(0));
        float[][] back = stats.denormalize(z);
        for (int t = 0; t < back.length; t++) assertArrayEquals(features.get(0)[t], back[t], 1e-4f);

        // Over the whole set, every normalised root-height value has mean 0 (std is group-averaged).
        double mean = 0;
        long n = 0;
        for (float[][] f : features) for (float[] frame : stats.normalize(f)) { mean += frame[HumanMl3d.ROOT_HEIGHT]; n++; }
        assertEquals(0, mean / n, 1e-3);
        float[] std = stats.std();
        for (int i = HumanMl3d.RIC + 1; i < HumanMl3d.ROTATIONS_6D; i++) assertEquals(std[HumanMl3d.RIC], std[i], "ric std is one value");

        stats.save(dir);
        assertArrayEquals(new long[] {263}, Npy.read(dir.resolve("Mean.npy")).shape());
        FeatureStats loaded = FeatureStats.load(dir);
        assertArrayEquals(stats.mean(), loaded.mean());
        assertArrayEquals(stats.std(), loaded.std());
    }

    @Test
    void rejectsBadStatistics(@TempDir Path dir) {
        assertThrows(GenkernException.class, () -> new FeatureStats(new float[262], new float[263]));
        float[] std = new float[263];
        java.util.Arrays.fill(std, 1);
        std[5] = 0;
        GenkernException e = assertThrows(GenkernException.class, () -> new FeatureStats(new float[263], std));
        assertTrue(e.getMessage().contains("feature 5"));
        e = assertThrows(GenkernException.class, () -> FeatureStats.load(dir));
        assertTrue(e.getMessage().contains("Mean.npy"));
    }
}
