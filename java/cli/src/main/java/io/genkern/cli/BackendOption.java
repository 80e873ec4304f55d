package io.genkern.cli;

import io.genkern.Backend;
import io.genkern.Backends;
import picocli.CommandLine.Option;

/** The {@code --backend} option shared by subcommands; without it the process default applies (auto, property, env). */
final class BackendOption {
    @Option(names = "--backend", paramLabel = "cpu|cuda|cuda:N|auto",
            description = "Backend to run on (default: -Dgenkern.backend, else $GENKERN_BACKEND, else auto).")
    String backend;

    Backends.Selection selection() {
        return backend == null ? Backends.defaultSelection() : Backends.select(backend, "--backend " + backend);
    }

    Backend resolve() {
        return selection().backend();
    }
}
