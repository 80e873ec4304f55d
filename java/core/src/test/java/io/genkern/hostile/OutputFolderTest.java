package io.genkern.hostile;

import io.genkern.GenkernException;
import io.genkern.io.OutputFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Two runs writing one output folder, and a run that fails halfway: the folder always holds one whole run. */
class OutputFolderTest {
    @TempDir
    Path dir;

    private void run(String id, boolean failHalfway) throws Exception {
        try (OutputFolder folder = OutputFolder.open(dir)) {
            for (String f : List.of("a.txt", "b.txt", "c.txt")) {
                Files.writeString(folder.staging().resolve(f), id);
                if (failHalfway && f.equals("b.txt")) throw new GenkernException("interrupted");
            }
            folder.commit();
        }
    }

    private String[] contents() throws Exception {
        return new String[] {Files.readString(dir.resolve("a.txt")), Files.readString(dir.resolve("b.txt")), Files.readString(dir.resolve("c.txt"))};
    }

    @Test
    void concurrentRunsNeverMixTheirFiles() throws Exception {
        for (int round = 0; round < 200; round++) {
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread[] writers = new Thread[2];
            for (int w = 0; w < writers.length; w++) {
                String id = "run " + round + "." + w;
                writers[w] = new Thread(() -> {
                    try {
                        go.await();
                        run(id, false);
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                writers[w].start();
            }
            go.countDown();
            for (Thread w : writers) w.join();
            assertNull(failure.get());
            String[] c = contents();
            assertTrue(c[0].equals(c[1]) && c[1].equals(c[2]), "round " + round + ": " + String.join(" / ", c));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(".genkern.lock", "a.txt", "b.txt", "c.txt"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging folders left behind");
        }
    }

    @Test
    void aFailedRunLeavesThePreviousOneWhole() throws Exception {
        run("first", false);
        assertThrows(GenkernException.class, () -> run("second", true));
        assertArrayEquals(new String[] {"first", "first", "first"}, contents());
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".genkern-staging")), "the staging folder is removed");
        }
    }
}
