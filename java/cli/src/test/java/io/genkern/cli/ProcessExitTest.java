package io.genkern.cli;

import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The genkern command as its own process: an option error or a termination while the text encoder
 * loads must end the process cleanly. The JVM exiting while ONNX Runtime loaded its native library
 * on another thread crashed it (SIGSEGV, exit 134, an hs_err log in the working directory) in
 * about half of the runs of {@code genkern motion "a person walks" --guidance -5}.
 */
class ProcessExitTest {
    @TempDir
    Path dir;

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                "-cp", System.getProperty("java.class.path"), GenkernCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output-" + System.nanoTime() + ".txt").toFile()).start();
    }

    private void assertNoCrashLog(String what) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> crashLogs = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
            assertTrue(crashLogs.isEmpty(), what + " crashed the JVM: " + crashLogs);
        }
        try (Stream<Path> outputs = Files.list(dir)) {
            for (Path f : outputs.filter(f -> f.getFileName().toString().startsWith("output-")).toList()) {
                String text = Files.readString(f);
                assertFalse(text.contains("A fatal error has been detected"), what + ": " + text);
            }
        }
    }

    @Test
    void anOptionErrorExitsCleanlyThirtyTimesInARow() throws Exception {
        for (int i = 0; i < 30; i++) {
            Process p = start("motion", "a person walks", "--guidance", "-5", "--out", dir.resolve("out").toString());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run " + i + " did not end");
            assertEquals(2, p.exitValue(), "run " + i);
        }
        assertNoCrashLog("an option error");
    }

    @Test
    void terminatingWhileTheEncoderLoadsExitsCleanly() throws Exception {
        long seed = TestSeeds.seed();
        Random random = new Random(seed);
        for (int i = 0; i < 8; i++) {
            Process p = start("motion", "a person walks", "--seconds", "1", "--steps", "2", "--backend", "cpu",
                    "--out", dir.resolve("out").toString());
            long delay = 300 + random.nextInt(2200); // the encoder loads within ~0.5-2.5 s of the start
            Thread.sleep(delay);
            p.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run " + i + " did not end (seed " + seed + ")");
            int code = p.exitValue();
            assertTrue(code == 143 || code == 0, "run " + i + " after " + delay + " ms exited with " + code + " (seed " + seed + ")");
        }
        assertNoCrashLog("terminating during the encoder's load (seed " + seed + ")");
    }
}
