package io.genkern.motion.generate;

import io.genkern.Backend;
import io.genkern.GenkernException;
import io.genkern.diffusion.Samplers;
import io.genkern.diffusion.StepEvent;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.ActionExtent;
import io.genkern.text.TextEncoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A prompt (or an action label) to finished motions, the one way {@code genkern motion} and the
 * Java API make them: the prompt split into timed parts ({@link PromptPlan}) and matched to the
 * library ({@link PromptMatcher}; a part the library cannot do is warned about, or refused when
 * strict; a part whose words name no side keeps to one, {@link PromptMatcher#oneSide}), turns and
 * circles the words ask for added as controls ({@link PartControls}), the parts sampled as one
 * motion ({@link MotionGenerator}, a control tracked while sampled, or the
 * {@link ClosedLoopGenerator}), the kinematic tracker run over the result (keeping to the control),
 * features computed for the motion returned, and frozen parts named ({@link Result#frozenParts}).
 * <pre>{@code
 * MotionPipeline.Request r = MotionPipeline.Request.prompt("walk 3 s; wave 2 s").seed(7).build();  // checked here
 * try (MotionPipeline pipeline = new MotionPipeline(MotionLibrary.standard(0), backend, encoder, cacheDir)) {
 *     MotionPipeline.Result motion = pipeline.generate(r, warning -> System.err.println(warning));
 * }
 * }</pre>
 * Thread-safe in the way {@link MotionGenerator} is: requests take turns.
 */
public final class MotionPipeline implements AutoCloseable {
    public static final int MAX_STEPS = 1000, MAX_SAMPLES = 16;

    private final MotionLibrary library;
    private final MotionGenerator generator;
    private final Supplier<? extends TextEncoder> encoder;
    private final Path cacheDir;
    private PromptMatcher matcher; // built on the first prompt; guarded by this
    private final java.util.Map<String, Double> stillestByAction = new java.util.HashMap<>(); // per action; guarded by this

    /**
     * @param encoder  the text encoder, asked for on the first prompt (it may still be loading);
     *                 null when only action labels will be used
     * @param cacheDir where the library captions' embeddings are cached (null: not cached)
     */
    public MotionPipeline(MotionLibrary library, Backend backend, Supplier<? extends TextEncoder> encoder, Path cacheDir) {
        this.library = library;
        this.generator = new MotionGenerator(new MotionPrior(library), backend);
        this.encoder = encoder;
        this.cacheDir = cacheDir;
    }

    /** One part of the result: what was asked, how long it lasts, and what it matched (null for an action label). */
    public record Part(String text, int frames, PromptMatcher.Match match) {
        /** The library action it stands for: the label itself, or the action of its best-matching clip. */
        public String action() {
            return match == null ? text : match.bestAction();
        }
    }

    /**
     * The motions (one per sample) after the tracker, their HumanML3D features [T][263], what was
     * made, and per sample the parts that do not do their action (empty when every part does).
     */
    public record Result(List<float[][][]> positions, List<float[][]> features, List<Part> parts, MotionGenerator.Timing timing,
                         List<List<String>> frozenParts) {
        public int frames() {
            return positions.get(0).length;
        }

        /** The parts' texts joined as one caption ("a person walks, then waves"). */
        public String caption() {
            return String.join(", then ", parts.stream().map(Part::text).toList());
        }
    }

    /** What to make. Every value is checked by {@link Builder#build()}, before any heavy work. */
    public static final class Request {
        final String prompt, action, sampler;
        final List<PromptPlan.Part> plan;
        final long seed;
        final int steps, samples;
        final double guidance;
        final MotionControl control;
        final boolean closedLoop, tracker, strict;
        final Consumer<StepEvent> progress;

        private Request(Builder b, List<PromptPlan.Part> plan) {
            prompt = b.prompt;
            action = b.action;
            sampler = b.sampler;
            this.plan = plan;
            seed = b.seed;
            steps = b.steps;
            samples = b.samples;
            guidance = b.guidance;
            control = b.control;
            closedLoop = b.closedLoop;
            tracker = b.tracker;
            strict = b.strict;
            progress = b.progress;
        }

        /** A request for a text prompt: parts separated by ';' or 'then', each with an optional duration. */
        public static Builder prompt(String prompt) {
            return new Builder(prompt, null);
        }

        /** A request for one of the library's action labels (e.g. "walk", "wave_right"). */
        public static Builder action(String action) {
            return new Builder(null, action);
        }

        /** Length of the motion in frames at {@link MotionLibrary#FPS}. */
        public int frames() {
            return plan.stream().mapToInt(PromptPlan.Part::frames).sum();
        }

        public static final class Builder {
            private final String prompt, action;
            private Double seconds;
            private long seed;
            private int steps = MotionGenerator.Request.DEFAULT_STEPS, samples = 1;
            private String sampler = MotionGenerator.Request.DEFAULT_SAMPLER;
            private double guidance = MotionGenerator.Request.DEFAULT_GUIDANCE;
            private MotionControl control;
            private boolean closedLoop, tracker = true, strict;
            private Consumer<StepEvent> progress;

            private Builder(String prompt, String action) {
                this.prompt = prompt;
                this.action = action;
            }

            /** Total length (default 6 s, or the parts' durations); at most {@link PromptPlan#MAX_SECONDS}. */
            public Builder seconds(double seconds) {
                this.seconds = seconds;
                return this;
            }

            /** The same seed gives the same motion. Default 0. */
            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            public Builder steps(int steps) {
                this.steps = steps;
                return this;
            }

            /** Independent motions from the same prompt, 1 to {@link #MAX_SAMPLES}. */
            public Builder samples(int samples) {
                this.samples = samples;
                return this;
            }

            /** Any name {@link Samplers#NAMES} lists, or an alias, in any case. */
            public Builder sampler(String sampler) {
                this.sampler = sampler;
                return this;
            }

            /** Classifier-free guidance scale (1 = none). */
            public Builder guidance(double guidance) {
                this.guidance = guidance;
                return this;
            }

            /** Root paths, joint paths, keyframes or an edit to honour ({@link MotionControls}); covers {@link Request#frames()}. */
            public Builder control(MotionControl control) {
                this.control = control;
                return this;
            }

            /** Plan 2 s at a time from what the tracker executed (CLoSD-style closed loop). */
            public Builder closedLoop(boolean closedLoop) {
                this.closedLoop = closedLoop;
                return this;
            }

            /** Run the kinematic tracker over the result (default on; a control that fixes a leg turns it off). */
            public Builder tracker(boolean tracker) {
                this.tracker = tracker;
                return this;
            }

            /** Refuse a part the library cannot do well instead of warning. */
            public Builder strict(boolean strict) {
                this.strict = strict;
                return this;
            }

            public Builder progress(Consumer<StepEvent> progress) {
                this.progress = progress;
                return this;
            }

            public Request build() {
                if ((prompt == null) == (action == null)) {
                    throw new GenkernException("give either a prompt or an action, not " + (prompt == null ? "neither" : "both"));
                }
                if (seconds != null && !(seconds > 0 && seconds <= PromptPlan.MAX_SECONDS)) {
                    throw new GenkernException("seconds must be in (0, " + PromptPlan.MAX_SECONDS + "], got " + seconds);
                }
                if (steps < 1 || steps > MAX_STEPS) throw new GenkernException("steps must be in [1, " + MAX_STEPS + "], got " + steps);
                if (samples < 1 || samples > MAX_SAMPLES) throw new GenkernException("samples must be in [1, " + MAX_SAMPLES + "], got " + samples);
                sampler = Samplers.canonicalName(sampler);
                MotionGenerator.Request.builder().guidance(guidance); // its own check and message
                List<PromptPlan.Part> plan;
                if (action != null) {
                    MotionLibrary.actionIndex(action); // a message listing the known labels
                    double s = seconds == null ? PromptPlan.DEFAULT_SECONDS : seconds;
                    plan = List.of(new PromptPlan.Part(action, (int) Math.round(s * MotionLibrary.FPS)));
                } else {
                    plan = PromptPlan.parse(prompt, seconds, MotionLibrary.FPS);
                }
                Request r = new Request(this, plan);
                if (control != null && control.frames() != r.frames()) {
                    throw new GenkernException("the control covers " + control.frames() + " frames but the motion has " + r.frames());
                }
                return r;
            }
        }
    }

    /** Makes the motion; {@code warnings} hears about parts the library cannot do well (unless the request is strict). */
    public Result generate(Request r, Consumer<String> warnings) {
        return generate(r, match(r, warnings));
    }

    /**
     * The request's parts matched to the library (cheap next to {@link #generate}: callers show the
     * plan before sampling). A part the library cannot do well is passed to {@code warnings}, or
     * refused when the request is strict.
     */
    public synchronized List<Part> match(Request r, Consumer<String> warnings) {
        List<Part> parts = new ArrayList<>();
        if (r.action != null) {
            parts.add(new Part(r.action, r.plan.get(0).frames(), null));
            return parts;
        }
        PromptMatcher m = matcher();
        for (PromptPlan.Part p : r.plan) parts.add(new Part(p.text(), p.frames(), m.match(p.text())));
        for (Part p : parts) {
            if (!p.match().weak()) continue;
            String what = String.format(Locale.ROOT, "'%s' is not something the motion library can do well (best similarity %.2f < %.2f); "
                    + "the closest actions it can do: %s", p.text(), p.match().bestSimilarity(), PromptMatcher.WEAK_MATCH,
                    String.join(", ", p.match().closestActions()));
            if (r.strict) throw new GenkernException(what);
            warnings.accept(what);
        }
        return parts;
    }

    /** Makes the motion from parts {@link #match} returned for this request. */
    public synchronized Result generate(Request r, List<Part> parts) {
        MotionGenerator.Request.Builder b = MotionGenerator.Request.builder().seed(r.seed).steps(r.steps).sampler(r.sampler)
                .guidance(r.guidance).samples(r.samples);
        java.util.SplittableRandom sides = new java.util.SplittableRandom(r.seed); // one side per part, by the seed
        for (Part p : parts) {
            ClipWeights w = p.match() == null ? PromptMatcher.forAction(library, p.text()) : p.match().weights();
            b.part(PromptMatcher.oneSide(library, w, p.text(), sides.nextBoolean()), p.frames(), p.text());
        }
        MotionControl control = withPartControls(r, parts);
        // A control can keep the tracker from running afterwards (or from moving the pelvis), so
        // controlled motions are tracked while they are sampled.
        if (control != null) b.control(control).trackedSampling(true);
        if (r.progress != null) b.progress(r.progress);
        MotionGenerator.Result sampled = r.closedLoop ? new ClosedLoopGenerator(generator, new KinematicTracker()).generate(b.build())
                : generator.generate(b.build());
        // The closed loop has tracked already; a control keeps what it fixes (see KinematicTracker.respecting).
        Optional<KinematicTracker> tracker = !r.tracker || r.closedLoop ? Optional.empty() : KinematicTracker.respecting(control);
        List<float[][][]> positions = new ArrayList<>();
        List<float[][]> features = new ArrayList<>();
        List<List<String>> frozen = new ArrayList<>();
        for (float[][][] p : sampled.positions()) {
            float[][][] done = tracker.isPresent() ? tracker.get().track(p, new float[0][][]) : p;
            positions.add(done);
            features.add(HumanMl3d.toFeaturesEveryFrame(done)); // the features describe the motion returned
            frozen.add(frozenParts(done, parts));
        }
        return new Result(positions, features, parts, sampled.timing(), frozen);
    }

    /** The request's control (or none) and what its parts' words ask of the path ({@link PartControls}); the stronger mask wins. */
    private MotionControl withPartControls(Request r, List<Part> parts) {
        MotionControl control = r.control;
        int at = 0, frames = r.frames();
        for (Part p : parts) {
            Optional<MotionControl> own = PartControls.of(p.text(), p.action(), frames, at, at + p.frames(), library);
            if (own.isPresent()) control = control == null ? own.get() : control.and(own.get());
            at += p.frames();
        }
        return control;
    }

    /**
     * The parts of one motion that are frozen ({@link ActionExtent#frozen}): a held pose is said, not
     * passed off as the action.
     */
    synchronized List<String> frozenParts(float[][][] motion, List<Part> parts) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (Part p : parts) {
            String action = p.action();
            if (p.frames() >= 2 && !action.equals("idle")) {
                float[][][] part = java.util.Arrays.copyOfRange(motion, at, at + p.frames());
                double stillest = stillestByAction.computeIfAbsent(action, a -> ActionExtent.stillest(library, a));
                if (ActionExtent.frozen(part, MotionLibrary.FPS, stillest)) {
                    out.add(String.format(Locale.ROOT, "part '%s' barely moves: its joints average %.3f m/s, less than half the library's "
                            + "stillest %s clip (%.3f m/s); another seed may do it", p.text(), ActionExtent.jointSpeed(part, MotionLibrary.FPS),
                            action, stillest));
                }
            }
            at += p.frames();
        }
        return out;
    }

    private synchronized PromptMatcher matcher() {
        if (matcher == null) {
            TextEncoder e = encoder == null ? null : encoder.get();
            if (e == null) throw new GenkernException("this pipeline has no text encoder; use an action label or give it one");
            matcher = new PromptMatcher(library, e, cacheDir);
        }
        return matcher;
    }

    @Override
    public void close() {
        generator.close();
    }
}
