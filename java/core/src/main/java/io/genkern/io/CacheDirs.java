package io.genkern.io;

import java.nio.file.Path;

/** Where genkern keeps data it derives itself (never downloads): $GENKERN_CACHE_DIR or ~/.cache/genkern. */
public final class CacheDirs {
    private CacheDirs() {}

    public static Path genkern() {
        String env = System.getenv("GENKERN_CACHE_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "genkern");
    }
}
