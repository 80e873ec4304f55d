package io.genkern.motion.metrics;

import io.genkern.GenkernException;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ActionExtentTest {
    private final Random random = TestSeeds.random();

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
        assertEquals(Math.hypot(vx, vz), ActionExtent.of(ActionExtent.Measure.SPEED, p, fps), 1e-4);
        assertEquals(depth, ActionExtent.of(ActionExtent.Measure.PELVIS_RANGE, p, fps), 1e-3);
        assertEquals(ActionExtent.Measure.SPEED, ActionExtent.measureFor("walk").orElseThrow());
        assertEquals(ActionExtent.Measure.PELVIS_RANGE, ActionExtent.measureFor("squat").orElseThrow());
        assertTrue(ActionExtent.measureFor("wave_right").isEmpty());
        assertThrows(GenkernException.class, () -> ActionExtent.of(ActionExtent.Measure.SPEED, new float[1][22][3], fps));
    }
}
