package io.genkern.cli;

import io.genkern.Backend;
import io.genkern.GenkernException;
import io.genkern.diffusion.Samplers;
import io.genkern.diffusion.StepEvent;
import io.genkern.io.FileErrors;
import io.genkern.io.OutputFolder;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.metrics.MotionMetrics;
import io.genkern.motion.generate.ClipWeights;
import io.genkern.motion.generate.KinematicTracker;
import io.genkern.motion.generate.MotionControl;
import io.genkern.motion.generate.MotionControls;
import io.genkern.motion.generate.MotionGenerator;
import io.genkern.motion.generate.MotionPrior;
import io.genkern.motion.generate.PromptMatcher;
import io.genkern.motion.generate.PromptPlan;
import io.genkern.motion.library.MotionLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@code genkern motion}: text-to-motion with the training-free window denoiser over the motion library. */
@Command(name = "motion", mixinStandardHelpOptions = true,
        description = {"Generate a human motion from a prompt, offline, with no downloaded weights.",
            "Several parts: separate them with ';' or 'then' and give durations if you like: \"walk 3 s; jump 1 s; wave 2 s\".",
            "Writes DIR/motion.bvh, motion.gif, motion_filmstrip.png, motion_features.npy [T,263], motion_positions.npy [T,22,3]",
            "and viewer.html, then prints the quality metrics and the time taken."})
final class MotionCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT", description = "What the person does (or use --action).")
    String prompt;

    @Option(names = "--action", paramLabel = "LABEL", description = "Condition on an action label instead of text (e.g. walk, wave_right).")
    String action;

    @Option(names = "--seconds", paramLabel = "S", description = "Length in seconds (default 6, or the sum of the parts' durations); at most 60 for the whole motion.")
    Double seconds;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}): the same seed gives the same motion.")
    long seed;

    @Option(names = "--steps", defaultValue = "50", description = "Sampling steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--sampler", defaultValue = "ddim", description = "Sampler: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
            completionCandidates = SamplerNames.class)
    String sampler;

    @Option(names = "--guidance", defaultValue = "1.5", paramLabel = "W", description = "Classifier-free guidance scale (default ${DEFAULT-VALUE}; 1 = none).")
    double guidance;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "K", description = "Independent motions from the same prompt (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--control", paramLabel = "FILE", description = "Root path, joint paths, keyframes or an edit to honour (format: README, \"Controls\").")
    Path control;

    @Option(names = "--closed-loop", description = "Plan 2 s at a time from what the tracker executed (CLoSD-style closed loop).")
    boolean closedLoop;

    @Option(names = "--no-tracker", description = "Write the decoded motion without the kinematic tracker's foot locking and floor contact (implied by a --control "
            + "that fixes a leg joint: an edit keeping the lower body, a keyframe, a foot's path).")
    boolean noTracker;

    @Option(names = "--strict", description = "Refuse (exit 2) a prompt the motion library cannot do well instead of warning and generating a loose interpretation.")
    boolean strict;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    static final class SamplerNames extends ArrayList<String> {
        SamplerNames() {
            super(Samplers.NAMES);
        }
    }

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long start = System.nanoTime();
        // Everything that can be wrong with the request is found before any heavy work.
        if ((prompt == null) == (action == null)) throw new GenkernException("give either a PROMPT or --action, not " + (prompt == null ? "neither" : "both"));
        if (seconds != null && !(seconds > 0 && seconds <= PromptPlan.MAX_SECONDS)) {
            throw new GenkernException("--seconds must be in (0, " + PromptPlan.MAX_SECONDS + "], got " + seconds);
        }
        if (steps < 1 || steps > 1000) throw new GenkernException("--steps must be in [1, 1000], got " + steps);
        if (!Samplers.NAMES.contains(sampler)) throw new GenkernException("unknown sampler '" + sampler + "'; expected one of " + Samplers.NAMES);
        if (samples < 1 || samples > 16) throw new GenkernException("--samples must be in [1, 16], got " + samples);
        MotionGenerator.Request.Builder request = MotionGenerator.Request.builder().seed(seed).steps(steps).sampler(sampler)
                .guidance(guidance).samples(samples);
        List<PromptPlan.Part> plan;
        if (action != null) {
            MotionLibrary.actionIndex(action); // a message listing the known labels
            plan = List.of(new PromptPlan.Part(action, (int) Math.round((seconds == null ? PromptPlan.DEFAULT_SECONDS : seconds) * MotionLibrary.FPS)));
        } else {
            plan = PromptPlan.parse(prompt, seconds, MotionLibrary.FPS);
        }
        int frames = plan.stream().mapToInt(PromptPlan.Part::frames).sum();
        MotionControl motionControl = control == null ? null : MotionControls.read(control, frames);
        FileErrors.requireWritableDirectory("--out", out);
        Backend backend = backendOption.resolve();

        // The text encoder (ONNX Runtime loading its model) starts while the library is built.
        CompletableFuture<MiniLmTextEncoder> encoder = prompt == null ? null : MiniLmTextEncoder.loadInBackground();
        MotionLibrary library = MotionLibrary.standard(0);
        MotionPrior prior = new MotionPrior(library);
        List<String> captions = new ArrayList<>();
        if (action != null) {
            request.part(PromptMatcher.forAction(library, action), frames, action);
            captions.add(action);
        } else {
            PromptMatcher matcher = new PromptMatcher(library, joined(encoder), CacheDirs.genkern());
            List<PromptMatcher.Match> matches = plan.stream().map(part -> matcher.match(part.text())).toList();
            for (PromptMatcher.Match m : matches) {
                if (!m.weak()) continue;
                String what = String.format(java.util.Locale.ROOT, "'%s' is not something the motion library can do well (best similarity %.2f < %.2f); "
                        + "the closest actions it can do: %s", m.prompt(), m.bestSimilarity(), PromptMatcher.WEAK_MATCH,
                        String.join(", ", m.closestActions()));
                if (strict) throw new GenkernException(what);
                err.println("genkern: warning: " + what + ". The motion will be a loose interpretation (--strict refuses instead).");
            }
            for (int i = 0; i < plan.size(); i++) {
                PromptPlan.Part part = plan.get(i);
                PromptMatcher.Match m = matches.get(i);
                console.printf("  %-48s %5.1f s  → %s (similarity %.2f)%n", "'" + part.text() + "'", part.frames() / MotionLibrary.FPS,
                        m.actions(), m.bestSimilarity());
                request.part(m.weights(), part.frames(), part.text());
                captions.add(part.text());
            }
        }
        // A control can keep the tracker from running afterwards (or from moving the pelvis), so
        // controlled motions are tracked while they are sampled.
        if (motionControl != null) request.control(motionControl).trackedSampling(true);
        request.progress(new ProgressBar(err, steps));
        MotionGenerator.Result result;
        try (MotionGenerator generator = new MotionGenerator(prior, backend)) {
            result = closedLoop ? new io.genkern.motion.generate.ClosedLoopGenerator(generator, new KinematicTracker()).generate(request.build())
                    : generator.generate(request.build());
        }
        err.println();
        List<float[][][]> motions = new ArrayList<>();
        // The closed loop has tracked already; a control keeps what it fixes (see KinematicTracker.respecting).
        Optional<KinematicTracker> tracker = noTracker || closedLoop ? Optional.empty() : KinematicTracker.respecting(motionControl);
        List<float[][]> features = new ArrayList<>();
        for (int i = 0; i < result.positions().size(); i++) {
            float[][][] p = result.positions().get(i);
            motions.add(tracker.isPresent() ? tracker.get().track(p, new float[0][][]) : p);
            // The features written describe the motion written: after the tracker, on the rigid skeleton.
            features.add(HumanMl3d.toFeaturesEveryFrame(motions.get(i)));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < motions.size(); i++) names.add(samples == 1 ? "motion" : "motion_" + i);
        String caption = String.join(", then ", captions);
        List<String> itemCaptions = new ArrayList<>();
        for (int i = 0; i < motions.size(); i++) itemCaptions.add(samples == 1 ? caption : caption + " (sample " + i + ")");
        List<Path> files;
        try (OutputFolder folder = OutputFolder.open(out)) {
            MotionOutputs.write(folder.staging(), names, itemCaptions, motions, features);
            files = folder.commit();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        console.printf("motion: %d frames (%.1f s at %.0f fps) × %d on %s%n", frames, frames / MotionLibrary.FPS, MotionLibrary.FPS,
                samples, backend.description());
        for (int i = 0; i < motions.size(); i++) {
            float[][][] p = motions.get(i);
            console.printf("  %s: foot skating %.4f m/s, floor penetration %.4f m, jitter %.1f m/s³, bone-length change %.2f%% (worst bone)%n",
                    names.get(i), MotionMetrics.footSkating(p, MotionLibrary.FPS), MotionMetrics.floorPenetration(p, 0),
                    MotionMetrics.jitter(p, MotionLibrary.FPS), 100 * MotionMetrics.boneLengthChange(p));
        }
        MotionGenerator.Timing t = result.timing();
        console.printf("time: %.2f s in all; generation %.2f s = denoiser attention %.2f s + window queries and overlap-add %.2f s"
                + " + sampler steps %.2f s%s + decoding %.3f s%n", elapsed, t.totalNanos() / 1e9, t.attentionNanos() / 1e9,
                t.windowNanos() / 1e9, t.samplerNanos() / 1e9,
                t.projectionNanos() > 0 ? String.format(" + tracker in the loop %.2f s", t.projectionNanos() / 1e9) : "", t.decodeNanos() / 1e9);
        console.println("wrote " + files.size() + " files to " + out.toAbsolutePath().normalize() + " (open viewer.html)");
        console.flush();
        return 0;
    }

    /** A one-line progress bar on stderr, redrawn each step. */
    private static final class ProgressBar implements java.util.function.Consumer<StepEvent> {
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

    /** The future's value, with its own exception (not a CompletionException) when it failed. */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
