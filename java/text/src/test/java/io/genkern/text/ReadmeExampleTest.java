package io.genkern.text;

import io.genkern.motion.io.BvhClip;
import io.genkern.motion.io.BvhReader;
import io.genkern.motion.metrics.MotionMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's Java example, as written: the code block after the "java-example" marker is
 * compiled against this module's classpath and run as its own process in an empty folder, and
 * what it writes is checked.
 */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleCompilesRunsAndWritesItsMotion() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("user.dir"), "..", "..", "README.md"));
        int marker = readme.indexOf("<!-- java-example:");
        assertTrue(marker >= 0, "the README marks its Java example");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        String code = readme.substring(start, readme.indexOf("```", start));
        assertTrue(code.contains("public class WalkAndWave"), code);
        Path source = Files.writeString(dir.resolve("WalkAndWave.java"), code);

        String classpath = System.getProperty("java.class.path");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", classpath, "-d", dir.toString(), source.toString());
        assertEquals(0, compiled, "the README's example compiles");

        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                "-Dgenkern.backend=cpu", "-cp", dir + java.io.File.pathSeparator + classpath, "WalkAndWave"))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("120 frames; warnings: []"), output);

        BvhClip bvh = BvhReader.read(dir.resolve("walk-wave.bvh"));
        float[][][] joints = bvh.smplPositions(20);
        assertEquals(120, joints.length);
        assertTrue(MotionMetrics.boneLengthChange(joints) < 0.01, "one body size, " + MotionMetrics.boneLengthChange(joints));
        double travel = Math.hypot(joints[59][0][0] - joints[0][0][0], joints[59][0][2] - joints[0][0][2]);
        assertTrue(travel > 0.5, "the first half walks: the pelvis travels " + travel + " m");
    }
}
