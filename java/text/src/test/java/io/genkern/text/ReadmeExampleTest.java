package io.genkern.text;

import io.genkern.motion.io.BvhClip;
import io.genkern.motion.io.BvhReader;
import io.genkern.motion.metrics.MotionMetrics;
import io.genkern.testing.ReadmeExamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The README's Java example, compiled and run as written ({@link ReadmeExamples}), and what it writes checked. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleCompilesRunsAndWritesItsMotion() throws Exception {
        String output = ReadmeExamples.compileAndRun("java-example", "WalkAndWave", dir);
        assertTrue(output.contains("120 frames; warnings: []"), output);

        BvhClip bvh = BvhReader.read(dir.resolve("walk-wave.bvh"));
        float[][][] joints = bvh.smplPositions(20);
        assertEquals(120, joints.length);
        assertTrue(MotionMetrics.boneLengthChange(joints) < 0.01, "one body size, " + MotionMetrics.boneLengthChange(joints));
        double travel = Math.hypot(joints[59][0][0] - joints[0][0][0], joints[59][0][2] - joints[0][0][2]);
        assertTrue(travel > 0.5, "the first half walks: the pelvis travels " + travel + " m");
    }
}
