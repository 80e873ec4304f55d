package io.genkern.io;

import io.genkern.GenkernException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Writes a set of files into a folder as one unit: they are written into a staging folder inside
 * it, then moved into place together under a lock ({@code .genkern.lock}, held by threads and
 * processes alike). The folder never shows a half-written file or a mix of two runs' files; a
 * run that fails or is interrupted before {@link #commit} leaves the previous set as it was.
 * <pre>{@code
 * try (OutputFolder folder = OutputFolder.open(dir)) {
 *     write(folder.staging().resolve("motion.bvh"));
 *     List<Path> files = folder.commit();
 * }
 * }</pre>
 */
public final class OutputFolder implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path staging;
    private final Thread cleanup;
    private boolean committed;

    private OutputFolder(Path dir, Path staging) {
        this.dir = dir;
        this.staging = staging;
        // Ctrl-C during the work: the staging folder goes with the process.
        this.cleanup = new Thread(() -> deleteTree(staging), "genkern-output-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Creates {@code dir} if needed and a fresh staging folder inside it. */
    public static OutputFolder open(Path dir) {
        FileErrors.requireWritableDirectory("output folder", dir);
        try {
            return new OutputFolder(dir, Files.createTempDirectory(dir, ".genkern-staging-"));
        } catch (IOException e) {
            throw new GenkernException("cannot write to output folder " + dir + ": " + FileErrors.reason(e), e);
        }
    }

    /** Where the files of this run are written. */
    public Path staging() {
        return staging;
    }

    /** Moves every file written to {@link #staging} into the folder (replacing same-named files), as one unit. */
    public List<Path> commit() {
        if (committed) throw new GenkernException("this output folder was committed already");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(dir.resolve(".genkern.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            List<Path> moved = new ArrayList<>();
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : files.sorted().toList()) {
                    Path target = dir.resolve(f.getFileName().toString());
                    Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    moved.add(target);
                }
            }
            committed = true;
            return moved;
        } catch (IOException e) {
            throw new GenkernException("cannot move the outputs into " + dir + ": " + FileErrors.reason(e), e);
        } finally {
            local.unlock();
        }
    }

    /** Removes the staging folder (with whatever was not committed). */
    @Override
    public void close() {
        deleteTree(staging);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: a leftover hidden staging folder does not change the outputs
        }
    }
}
