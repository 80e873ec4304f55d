package io.genkern.io;

import io.genkern.GenkernException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Errors about files in words a user can act on ("no such file", "permission denied"), in place of
 * the JDK's bare exception messages (a NoSuchFileException's message is just the path).
 */
public final class FileErrors {
    private FileErrors() {}

    /** "cannot read WHAT PATH: REASON". */
    public static GenkernException reading(String what, Path path, IOException e) {
        return new GenkernException("cannot read " + what + path + ": " + reason(e), e);
    }

    /** "cannot write PATH: REASON". */
    public static GenkernException writing(Path path, IOException e) {
        return new GenkernException("cannot write " + path + ": " + reason(e), e);
    }

    /** Why an I/O operation failed, in words. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "a file is in the way";
        if (e instanceof NotDirectoryException) return "not a directory";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Makes sure files can be written into {@code dir} (created if missing) before any long work
     * whose results would go there: creates it and writes and deletes a probe file.
     */
    public static void requireWritableDirectory(String what, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new GenkernException(what + " " + dir + " is a file, not a directory");
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".genkern-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new GenkernException("cannot write to " + what + " " + dir + ": " + reason(e), e);
        }
    }
}
