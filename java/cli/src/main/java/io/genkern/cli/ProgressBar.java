package io.genkern.cli;

import io.genkern.diffusion.StepEvent;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn each step (a second run of the same steps is marked as such). */
final class ProgressBar implements java.util.function.Consumer<StepEvent> {
    private final PrintWriter err;
    private final int steps;
    private int calls;

    ProgressBar(PrintWriter err, int steps) {
        this.err = err;
        this.steps = steps;
    }

    @Override
    public void accept(StepEvent e) {
        calls++;
        int done = e.step() + 1, width = 30, filled = done * width / Math.max(1, e.steps());
        err.printf("\r  sampling [%s%s] %d/%d%s", "#".repeat(filled), ".".repeat(width - filled), done, e.steps(),
                calls > steps ? " (second take)" : "");
        err.flush();
    }
}
