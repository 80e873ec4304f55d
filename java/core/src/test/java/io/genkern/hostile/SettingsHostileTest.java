package io.genkern.hostile;

import io.genkern.Backends;
import io.genkern.GenkernException;
import io.genkern.SystemReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Settings a user can get wrong: each is refused with its value named, in this process and in a fresh one. */
class SettingsHostileTest {
    @Test
    void cpuThreadCountsOutOfRangeAreRefused() {
        for (int n : new int[] {-1, 1025, 100000}) {
            String message = assertThrows(GenkernException.class, () -> Backends.setCpuThreads(n)).getMessage();
            assertTrue(message.contains("got " + n), message);
        }
        Backends.setCpuThreads(0);
        assertTrue(Backends.cpuInfo().threads() >= 1);
    }

    /** The environment is read when the library starts, so each case runs in its own JVM. */
    @Test
    void invalidEnvironmentSettingsAreReportedNotIgnored() throws Exception {
        Map<String, String> cases = Map.of(
                "GENKERN_NUM_THREADS=0", "GENKERN_NUM_THREADS='0' is not a thread count from 1 to 1024",
                "GENKERN_NUM_THREADS=100000", "GENKERN_NUM_THREADS='100000' is not a thread count",
                "GENKERN_NUM_THREADS=two", "GENKERN_NUM_THREADS='two'",
                "GENKERN_SIMD=bogus", "GENKERN_SIMD='bogus' is not one of auto, scalar, avx2");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                    "-cp", System.getProperty("java.class.path"), SystemReport.class.getName())).redirectErrorStream(true);
            String[] kv = c.getKey().split("=", 2);
            pb.environment().put(kv[0], kv[1]);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), c.getKey());
            assertEquals(2, p.exitValue(), c.getKey() + ": " + output);
            assertTrue(output.contains(c.getValue()), c.getKey() + ": " + output);
            assertFalse(output.contains("\tat "), c.getKey() + ": a message, not a stack trace: " + output);
        }
    }
}
