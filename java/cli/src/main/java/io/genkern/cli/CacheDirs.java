package io.genkern.cli;

import java.nio.file.Path;

/** Where genkern keeps data it derives itself (never downloads): $GENKERN_CACHE_DIR or ~/.cache/genkern. */
final class CacheDirs {
    private CacheDirs() {}

    static Path genkern() {
        String env = System.getenv("GENKERN_CACHE_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "genkern");
    }
}
