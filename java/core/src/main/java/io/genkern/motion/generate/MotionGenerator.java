package io.genkern.motion.generate;

import io.genkern.Backend;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.diffusion.Denoiser;
import io.genkern.diffusion.NoiseLevels;
import io.genkern.diffusion.NoiseSchedule;
import io.genkern.diffusion.SamplingLoop;
import io.genkern.diffusion.Samplers;
import io.genkern.diffusion.StepEvent;
import io.genkern.motion.FeatureStats;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.RigidBones;
import io.genkern.motion.Skeleton;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Text- or action-conditioned motion generation with the training-free {@link WindowDenoiser}:
 * one or more parts (each a clip selection and a length) sampled as one continuous motion with
 * classifier-free guidance, DoubleTake composition (handshake blending in the first take, a second
 * take that regenerates the transitions) and inpainting controls.
 * <pre>{@code
 * try (MotionGenerator gen = new MotionGenerator(prior, backend)) {
 *     MotionGenerator.Result r = gen.generate(MotionGenerator.Request.builder()
 *             .part(weights, 120, "walk").seed(7).build());
 * }
 * }</pre>
 * Thread-safe: concurrent {@link #generate} calls on one generator take turns (they share one
 * denoiser and its window cache); for parallel generation give each thread its own generator.
 * {@link #close} waits for a running request and makes later ones fail.
 */
public final class MotionGenerator implements AutoCloseable {
    private final MotionPrior prior;
    private final Backend backend;
    private final WindowDenoiser denoiser;
    private boolean closed; // guarded by this

    public MotionGenerator(MotionPrior prior, Backend backend) {
        this(prior, backend, WindowDenoiser.DEFAULT_CACHE_BYTES);
    }

    /**
     * A generator whose denoiser keeps the library windows it uploaded for up to
     * {@code windowCacheBytes} of backend memory between requests (the least recently used are
     * dropped beyond that; a request's own windows are kept while it runs).
     */
    public MotionGenerator(MotionPrior prior, Backend backend, long windowCacheBytes) {
        this.prior = prior;
        this.backend = backend;
        this.denoiser = new WindowDenoiser(prior, backend, windowCacheBytes);
    }

    public MotionPrior prior() {
        return prior;
    }

    WindowDenoiser denoiser() {
        return denoiser;
    }

    /** One part of a motion: what it attends to and how many frames it lasts. */
    public record Part(ClipWeights weights, int frames, String label) {
        public Part {
            if (frames < 1) throw new GenkernException("part '" + label + "' has " + frames + " frames; needs at least 1");
        }
    }

    /** Generated motions (in the canonical frame: start at the origin facing +Z) and where the time went. */
    public record Result(List<float[][]> features, List<float[][][]> positions, Timing timing) {}

    /**
     * Where generation time went: the denoiser's fused attention, the rest of the denoiser (window
     * queries, overlap-adding the values, copies), the tracker inside the loop (when the request
     * asks for it), decoding features to joint positions, and the rest ({@link #samplerNanos}).
     */
    public record Timing(long totalNanos, long denoiserNanos, long attentionNanos, long projectionNanos, long decodeNanos) {
        /** The denoiser outside its attention: building window queries, overlap-adding values, copies. */
        public long windowNanos() {
            return denoiserNanos - attentionNanos;
        }

        /** Everything else: the fused sampler steps and the loop around them. */
        public long samplerNanos() {
            return totalNanos - denoiserNanos - projectionNanos - decodeNanos;
        }
    }

    public synchronized Result generate(Request r) {
        if (closed) throw new GenkernException("this MotionGenerator is closed");
        long start = System.nanoTime(), attentionBefore = denoiser.attentionNanos(), predictBefore = denoiser.predictNanos();
        int frames = r.frames();
        List<MotionCondition.Span> spans = new ArrayList<>();
        int at = 0;
        for (Part p : r.parts) {
            spans.add(new MotionCondition.Span(at, at + p.frames(), p.weights()));
            at += p.frames();
        }
        MotionCondition cond = new MotionCondition(spans, spans.size() > 1 ? r.handshake : 0);
        MotionCondition uncond = MotionCondition.single(frames, ClipWeights.uniform(prior.library().size()));
        FeatureStats stats = prior.stats();
        MotionControl control = r.control == null ? MotionControl.none(frames) : r.control;
        if (control.frames() != frames) {
            throw new GenkernException("the control covers " + control.frames() + " frames but the motion has " + frames);
        }
        long[] shape = {r.samples, frames, HumanMl3d.FEATURES};
        // Inside the loop the sampler re-imposes fixed legs after each step; only the pelvis must keep to the control.
        TrackedDenoiser tracked = r.trackedSampling ? new TrackedDenoiser(denoiser, KinematicTracker.within(control), stats) : null;
        Denoiser<MotionCondition> predictor = tracked != null ? tracked : denoiser;
        NoiseLevels levels = NoiseLevels.byName(r.spacing, NoiseSchedule.byName(r.schedule, 1000), r.steps, 1);
        float[] x0;
        try (Scope scope = Scope.open()) {
            Tensor mask = control.isEmpty() ? null : backend.allocate(DType.F32, shape).copyFrom(flatten(repeat(control.mask(), r.samples)));
            Tensor known = mask == null ? null : backend.allocate(DType.F32, shape).copyFrom(flatten(repeat(stats.normalize(control.known()), r.samples)));
            SamplingLoop.Builder<MotionCondition> firstBuilder = loop(r, levels, cond, uncond, 0, mask, known);
            // A control that fixes the legs (a keyframe, an edit) sets the steps itself; a retrieved
            // start walks in its own phase, and the tracker in the loop then fights it (foot skating
            // left 0.30× instead of ≤ 0.22× in 1 of 10 seeds): such requests start from noise.
            boolean retrieved = r.startStrength < 1 && !control.fixesAnyJoint(KinematicTracker.PLACED_JOINTS);
            if (retrieved) firstBuilder.strength(r.startStrength);
            SamplingLoop<MotionCondition> first = firstBuilder.build();
            Tensor noisy = retrieved ? first.noisedStart(retrievedStart(cond, r, control, shape)) : first.initialNoise(backend, shape);
            // The loops' results outlive their own scopes: this request's scope frees them.
            Tensor sample = scope.add(first.run(backend, predictor, noisy));
            if (spans.size() > 1 && r.secondTake) sample = scope.add(secondTake(r, levels, cond, uncond, control, predictor, sample, shape));
            x0 = sample.toFloatArray();
            if (tracked != null) x0 = reimpose(tracked.project(x0, r.samples, frames), control, stats, r.samples);
        } finally {
            denoiser.trimCache();
        }
        long decodeStart = System.nanoTime();
        List<float[][]> features = new ArrayList<>();
        List<float[][][]> positions = new ArrayList<>();
        for (int b = 0; b < r.samples; b++) {
            float[][] f = new float[frames][];
            for (int t = 0; t < frames; t++) {
                f[t] = java.util.Arrays.copyOfRange(x0, (b * frames + t) * HumanMl3d.FEATURES, (b * frames + t + 1) * HumanMl3d.FEATURES);
            }
            f = stats.denormalize(f);
            features.add(f);
            positions.add(RigidBones.apply(HumanMl3d.recoverFromRic(f), Skeleton.smpl22())); // one body size throughout
        }
        long end = System.nanoTime();
        return new Result(features, positions, new Timing(end - start, denoiser.predictNanos() - predictBefore,
                denoiser.attentionNanos() - attentionBefore, tracked == null ? 0 : tracked.projectionNanos(), end - decodeStart));
    }

    private SamplingLoop.Builder<MotionCondition> loop(Request r, NoiseLevels levels, MotionCondition cond, MotionCondition uncond,
                                                       long seedOffset, Tensor mask, Tensor known) {
        SamplingLoop.Builder<MotionCondition> b = SamplingLoop.<MotionCondition>builder(Samplers.byName(r.sampler), levels)
                .seed(r.seed + seedOffset);
        if (r.guidance == 1) b.conditioning(cond);
        else b.guidance(cond, uncond, r.guidance);
        if (mask != null) b.inpaint(mask, known);
        if (r.progress != null) b.progress(r.progress);
        return b;
    }

    /**
     * DoubleTake's second take: noise the first take part-way and sample again, keeping what lies
     * away from the part boundaries (soft mask 1 → 0.85 → 0 towards each boundary) so that only the
     * transitions are regenerated, now with both neighbours' context in the windows.
     */
    private Tensor secondTake(Request r, NoiseLevels levels, MotionCondition cond, MotionCondition uncond, MotionControl control,
                              Denoiser<MotionCondition> predictor, Tensor firstTake, long[] shape) {
        int frames = cond.frames();
        float[] keep = new float[frames];
        java.util.Arrays.fill(keep, 1);
        for (int s = 1; s < cond.spans().size(); s++) {
            int boundary = cond.spans().get(s).start(), handshake = cond.handshake(s);
            for (int t = 0; t < frames; t++) {
                int d = Math.abs(t - boundary);
                float m = d < handshake ? 0 : d < handshake + SECOND_TAKE_RAMP
                        ? 0.85f * (d - handshake + 1) / SECOND_TAKE_RAMP : 1;
                keep[t] = Math.min(keep[t], m);
            }
        }
        float[] first = firstTake.toFloatArray();
        float[] controlMask = flatten(repeat(control.mask(), r.samples));
        float[] controlKnown = flatten(repeat(prior.stats().normalize(control.known()), r.samples));
        float[] mask = new float[first.length], known = new float[first.length];
        for (int i = 0; i < first.length; i++) {
            float k = keep[(i / HumanMl3d.FEATURES) % frames];
            boolean controlled = controlMask[i] >= k;
            mask[i] = controlled ? controlMask[i] : k;
            known[i] = controlled ? controlKnown[i] : first[i];
        }
        Tensor maskT = backend.allocate(DType.F32, shape).copyFrom(mask);
        Tensor knownT = backend.allocate(DType.F32, shape).copyFrom(known);
        SamplingLoop<MotionCondition> second = loop(r, levels, cond, uncond, 1, maskT, knownT)
                .strength(SECOND_TAKE_STRENGTH).build();
        return second.run(backend, predictor, second.noisedStart(firstTake));
    }

    /**
     * One {@link RetrievedStart} per sample, drawn one after another from the request's seed, with
     * what the control fixes blended in by its mask: a start that disagreed with a closed loop's
     * executed context made a jump where the plan met it.
     */
    private Tensor retrievedStart(MotionCondition cond, Request r, MotionControl control, long[] shape) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(r.seed);
        int frames = cond.frames();
        float[][] known = prior.stats().normalize(control.known()), mask = control.mask();
        float[][] rows = new float[r.samples * frames][];
        for (int b = 0; b < r.samples; b++) {
            float[][] start = RetrievedStart.compose(prior, cond, random);
            for (int t = 0; t < frames; t++) {
                float[] row = start[t].clone();
                for (int f = 0; f < HumanMl3d.FEATURES; f++) row[f] = mask[t][f] * known[t][f] + (1 - mask[t][f]) * row[f];
                rows[b * frames + t] = row;
            }
        }
        return backend.allocate(DType.F32, shape).copyFrom(flatten(rows));
    }

    private static final int SECOND_TAKE_RAMP = 10;
    private static final double SECOND_TAKE_STRENGTH = 0.5;

    /** The control's known values blended back in by its mask, as the sampler does after each step. */
    private static float[] reimpose(float[] x0, MotionControl control, FeatureStats stats, int samples) {
        float[] mask = flatten(repeat(control.mask(), samples)), known = flatten(repeat(stats.normalize(control.known()), samples));
        for (int i = 0; i < x0.length; i++) x0[i] = mask[i] * known[i] + (1 - mask[i]) * x0[i];
        return x0;
    }

    private static float[][] repeat(float[][] rows, int times) {
        float[][] out = new float[rows.length * times][];
        for (int i = 0; i < times; i++) System.arraycopy(rows, 0, out, i * rows.length, rows.length);
        return out;
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * HumanMl3d.FEATURES];
        for (int t = 0; t < rows.length; t++) System.arraycopy(rows[t], 0, out, t * HumanMl3d.FEATURES, HumanMl3d.FEATURES);
        return out;
    }

    /** Frees the denoiser's backend memory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        denoiser.close();
    }

    /** What to generate. Required: at least one part; everything else has a default. */
    public static final class Request {
        final List<Part> parts;
        final long seed;
        final int steps, samples, handshake;
        final String sampler, schedule, spacing;
        final double guidance, startStrength;
        final boolean secondTake, trackedSampling;
        final MotionControl control;
        final Consumer<StepEvent> progress;

        private Request(Builder b) {
            parts = List.copyOf(b.parts);
            seed = b.seed;
            steps = b.steps;
            samples = b.samples;
            handshake = b.handshake;
            sampler = b.sampler;
            schedule = b.schedule;
            spacing = b.spacing;
            guidance = b.guidance;
            startStrength = b.startStrength;
            secondTake = b.secondTake;
            trackedSampling = b.trackedSampling;
            control = b.control;
            progress = b.progress;
        }

        public int frames() {
            return parts.stream().mapToInt(Part::frames).sum();
        }

        public static Builder builder() {
            return new Builder();
        }

        /** The defaults of every motion request (genkern motion, MotionPipeline, TextToMotion), set once here. */
        public static final int DEFAULT_STEPS = 50;
        public static final double DEFAULT_GUIDANCE = 1.5;
        public static final String DEFAULT_SAMPLER = "ddim";
        public static final double DEFAULT_START_STRENGTH = 0.9;

        public static final class Builder {
            private final List<Part> parts = new ArrayList<>();
            private long seed;
            private int steps = DEFAULT_STEPS, samples = 1, handshake = 10;
            private String sampler = DEFAULT_SAMPLER, schedule = "cosine", spacing = "trailing";
            private double guidance = DEFAULT_GUIDANCE, startStrength = DEFAULT_START_STRENGTH;
            private boolean secondTake = true, trackedSampling;
            private MotionControl control;
            private Consumer<StepEvent> progress;

            public Builder part(ClipWeights weights, int frames, String label) {
                parts.add(new Part(weights, frames, label));
                return this;
            }

            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            public Builder steps(int steps) {
                if (steps < 1) throw new GenkernException("steps must be at least 1, got " + steps);
                this.steps = steps;
                return this;
            }

            /** Independent motions generated together (same condition, different noise). */
            public Builder samples(int samples) {
                if (samples < 1) throw new GenkernException("samples must be at least 1, got " + samples);
                this.samples = samples;
                return this;
            }

            /** A sampler name or alias ({@link Samplers#canonicalName}); default ddim (η = 0). */
            public Builder sampler(String sampler) {
                this.sampler = Samplers.canonicalName(sampler);
                return this;
            }

            public Builder schedule(String schedule) {
                this.schedule = schedule;
                return this;
            }

            public Builder spacing(String spacing) {
                this.spacing = spacing;
                return this;
            }

            /** Classifier-free guidance scale w (1 = none); default {@value Request#DEFAULT_GUIDANCE}. */
            public Builder guidance(double guidance) {
                if (!(guidance >= 0) || Double.isInfinite(guidance)) throw new GenkernException("guidance " + guidance + " must be a finite number ≥ 0");
                this.guidance = guidance;
                return this;
            }

            /** Frames blended on each side of a part boundary; default 10. */
            public Builder handshake(int handshake) {
                if (handshake < 0) throw new GenkernException("handshake " + handshake + " is negative");
                this.handshake = handshake;
                return this;
            }

            /**
             * Where sampling starts: 1 from pure noise; below 1 from the parts' library clips
             * ({@link RetrievedStart}) noised as img2img with this strength would (0.9: the first
             * 10% of the steps skipped). Default {@value Request#DEFAULT_START_STRENGTH}.
             */
            public Builder startStrength(double startStrength) {
                if (!(startStrength > 0 && startStrength <= 1)) throw new GenkernException("start strength " + startStrength + " must be in (0, 1]");
                this.startStrength = startStrength;
                return this;
            }

            public Builder secondTake(boolean secondTake) {
                this.secondTake = secondTake;
                return this;
            }

            public Builder control(MotionControl control) {
                this.control = control;
                return this;
            }

            /**
             * Runs the kinematic tracker inside the sampling loop once the noise is low (PhysDiff's
             * projection), so that the generated motion itself has planted feet; default off.
             * Worth it when the tracker cannot run afterwards, as with controls that fix the legs
             * (keyframes, lower-body edits); it costs a few milliseconds per step.
             */
            public Builder trackedSampling(boolean trackedSampling) {
                this.trackedSampling = trackedSampling;
                return this;
            }

            public Builder progress(Consumer<StepEvent> progress) {
                this.progress = progress;
                return this;
            }

            public Request build() {
                if (parts.isEmpty()) throw new GenkernException("a motion request needs at least one part");
                return new Request(this);
            }
        }
    }
}
