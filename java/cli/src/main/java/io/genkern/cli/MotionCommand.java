package io.genkern.cli;

import io.genkern.Backend;
import io.genkern.GenkernException;
import io.genkern.io.CacheDirs;
import io.genkern.io.FileErrors;
import io.genkern.io.OutputFolder;
import io.genkern.motion.generate.MotionControls;
import io.genkern.motion.generate.MotionGenerator;
import io.genkern.motion.generate.MotionPipeline;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.MotionMetrics;
import io.genkern.text.MiniLmTextEncoder;
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
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code genkern motion}: text-to-motion with the training-free window denoiser over the motion library. */
@Command(name = "motion", mixinStandardHelpOptions = true,
        description = {"Generate a human motion from a prompt, offline, with no downloaded weights.",
            "Several parts: separate them with ';' or 'then' and give durations if you like: \"walk 3 s; jump 1.5 s; wave 2 s\".",
            "Writes DIR/motion.bvh, motion.gif, motion_filmstrip.png, motion_features.npy [T,263], motion_positions.npy [T,22,3]",
            "and viewer.html, then prints the quality metrics and the time taken."})
final class MotionCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT", description = "What the person does (or use --action).")
    String prompt;

    @Option(names = "--action", paramLabel = "LABEL", description = "Condition on an action label instead of text (e.g. walk, wave_right).")
    String action;

    @Option(names = "--seconds", paramLabel = "S", description = "Length in seconds (default 6, or the sum of the parts' durations); at most 60 for the whole motion.")
    Double seconds;

    @Option(names = "--guidance", defaultValue = "" + MotionGenerator.Request.DEFAULT_GUIDANCE, paramLabel = "W", description = "Classifier-free guidance scale (default ${DEFAULT-VALUE}; 1 = none).")
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
    SamplingOptions sampling;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long start = System.nanoTime();
        // Everything that can be wrong with the request is found before any heavy work.
        MotionPipeline.Request.Builder builder = (prompt != null && action == null ? MotionPipeline.Request.prompt(prompt)
                : action != null && prompt == null ? MotionPipeline.Request.action(action) : null);
        if (builder == null) throw new GenkernException("give either a PROMPT or --action, not " + (prompt == null ? "neither" : "both"));
        if (seconds != null) builder.seconds(seconds);
        builder.seed(sampling.seed).steps(sampling.steps).sampler(sampling.sampler).guidance(guidance).samples(samples).closedLoop(closedLoop).tracker(!noTracker)
                .strict(strict).progress(new ProgressBar(err, sampling.steps));
        int frames = builder.build().frames();
        if (control != null) builder.control(MotionControls.read(control, frames));
        MotionPipeline.Request request = builder.build();
        FileErrors.requireWritableDirectory("--out", out);
        Backend backend = backendOption.resolve();

        // The text encoder (ONNX Runtime loading its model) starts while the library is built.
        Supplier<MiniLmTextEncoder> encoder = prompt == null ? null : MiniLmTextEncoder.loadInBackground();
        MotionPipeline.Result result;
        try (MotionPipeline pipeline = new MotionPipeline(MotionLibrary.standard(0), backend, encoder, CacheDirs.genkern())) {
            List<MotionPipeline.Part> parts = pipeline.match(request, warning ->
                    err.println("genkern: warning: " + warning + ". The motion will be a loose interpretation (--strict refuses instead)."));
            for (MotionPipeline.Part part : parts) {
                if (part.match() == null) continue;
                console.printf("  %-48s %5.1f s  → %s (similarity %.2f)%n", "'" + part.text() + "'", part.frames() / MotionLibrary.FPS,
                        part.match().actions(), part.match().bestSimilarity());
            }
            console.flush();
            result = pipeline.generate(request, parts);
        }
        err.println();
        for (int i = 0; i < result.frozenParts().size(); i++) {
            for (String frozen : result.frozenParts().get(i)) {
                err.println("genkern: warning: " + (samples == 1 ? "" : "sample " + i + ": ") + frozen + ".");
            }
        }
        List<float[][][]> motions = result.positions();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < motions.size(); i++) names.add(samples == 1 ? "motion" : "motion_" + i);
        List<String> itemCaptions = new ArrayList<>();
        for (int i = 0; i < motions.size(); i++) itemCaptions.add(samples == 1 ? result.caption() : result.caption() + " (sample " + i + ")");
        List<Path> files;
        try (OutputFolder folder = OutputFolder.open(out)) {
            MotionOutputs.write(folder.staging(), names, itemCaptions, motions, result.features());
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
}
