package io.genkern.diffusion;

import io.genkern.Backend;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Scope;
import io.genkern.Stream;
import io.genkern.Tensor;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Runs a {@link Sampler} over a {@link Denoiser}: per stage, one or two model calls (conditional and,
 * with classifier-free guidance, unconditional) and ONE fused step launch (two with guidance
 * rescale) that does guidance, parametrisation conversion, the sampler update, noise and the
 * inpainting blend. Samples, history and previews stay f32 whatever the model's dtype.
 *
 * <p>Deterministic: the result depends only on the inputs, the seed and the settings (noise is
 * Philox keyed by seed, step and element), not on thread counts or the backend's tiling.
 * <pre>{@code
 * SamplingLoop<float[]> loop = SamplingLoop.<float[]>builder(Samplers.byName("dpmpp_2m"), levels)
 *         .seed(42).guidance(text, empty, 7.5).progress(e -> log(e.step())).build();
 * try (Tensor start = loop.initialNoise(backend, 4, 263, 196); Tensor x = loop.run(backend, model, start)) { ... }
 * }</pre>
 *
 * @param <C> the denoiser's conditioning type
 */
public final class SamplingLoop<C> {
    /**
     * Philox keys: stage s of step i draws at Philox step 1 + 4·i + s (a step has at most 3 stages;
     * the fused step uses subsequence 0 for the sampler and 1 for inpainting). Philox step 0 is the
     * start: the forward noising of {@link #noisedStart} (subsequence 0) and {@link #initialNoise}
     * (subsequence 2).
     */
    private static final int START_STEP_KEY = 0, INITIAL_NOISE_SUBSEQUENCE = 2;

    private final Sampler sampler;
    private final NoiseLevels levels;
    private final long seed;
    private final C cond, uncond;
    private final double guidanceScale, rescalePhi, clipDenoised;
    private final Tensor mask, known;
    private final int startStep;
    private final IntFunction<Tensor> externalNoise;
    private final Consumer<StepEvent> progress;
    private final BooleanSupplier cancelled;

    private SamplingLoop(Builder<C> b) {
        this.sampler = b.sampler;
        this.levels = b.levels;
        this.seed = b.seed;
        this.cond = b.cond;
        this.uncond = b.uncond;
        this.guidanceScale = b.guidanceScale;
        this.rescalePhi = b.rescalePhi;
        this.clipDenoised = b.clipDenoised;
        this.mask = b.mask;
        this.known = b.known;
        this.startStep = b.startStep;
        this.externalNoise = b.externalNoise;
        this.progress = b.progress;
        this.cancelled = b.cancelled;
    }

    public static <C> Builder<C> builder(Sampler sampler, NoiseLevels levels) {
        return new Builder<>(sampler, levels);
    }

    public Sampler sampler() {
        return sampler;
    }

    public NoiseLevels levels() {
        return levels;
    }

    /** The step the run starts at. */
    public int startStep() {
        return startStep;
    }

    /**
     * The start for pure generation: standard normal noise of the given shape (the VP sample at the
     * top level, diffusers' convention), from this loop's seed. The caller closes it.
     */
    public Tensor initialNoise(Backend backend, long... shape) {
        Tensor t = backend.allocate(DType.F32, shape);
        FusedStep.normal(t, seed, START_STEP_KEY, INITIAL_NOISE_SUBSEQUENCE, backend.currentStream());
        return t;
    }

    /**
     * The start for editing (img2img, DoubleTake): clean x0 noised to the start level,
     * a·x0 + b·ξ with ξ from this loop's seed. The caller closes the result.
     */
    public Tensor noisedStart(Tensor x0) {
        NoiseLevel level = levels.get(startStep);
        Tensor out = x0.backend().allocate(DType.F32, x0.shape());
        try (FusedStep step = new FusedStep()) {
            step.inputs(x0, null).outputs(out, null, null)
                    .coefficients(Combination.of(Term.X, level.alpha()).plus(Term.NOISE, level.beta()), null)
                    .noise(seed, START_STEP_KEY, null).run(x0.backend().currentStream());
        }
        return out;
    }

    /** diffusers' img2img start: strength s in [0, 1] skips the first steps − round-down(steps·s) steps. */
    public static int startStepForStrength(int steps, double strength) {
        if (!(strength >= 0 && strength <= 1)) throw new IllegalArgumentException("strength must be in [0, 1], got " + strength);
        int init = Math.min((int) (steps * strength), steps);
        return steps - init;
    }

    /**
     * Samples from {@code start} (f32 [B, ...], the VP sample at level {@link #startStep()}) down to
     * σ = 0 on {@code backend}. Returns a new f32 tensor the caller closes. Throws
     * {@link CancellationException} when the cancellation check says so (checked before each step).
     */
    public Tensor run(Backend backend, Denoiser<C> denoiser, Tensor start) {
        if (start.dtype() != DType.F32) throw new GenkernException("the start sample must be f32, got " + start);
        long[] shape = start.shape();
        if (shape.length < 1) throw new GenkernException("the start sample needs a batch dimension [B, ...], got " + start);
        if (mask != null) requireShape(mask, "mask", shape);
        if (known != null) requireShape(known, "known", shape);
        boolean guided = uncond != null;
        int hs = sampler.historySize();
        Stream stream = backend.currentStream();
        try (Scope scope = Scope.open(); FusedStep step = new FusedStep()) {
            Tensor x = start.to(backend);
            Tensor aux = sampler.usesAux() ? backend.zeros(DType.F32, shape) : null;
            Tensor[] history = new Tensor[hs];
            for (int k = 0; k < hs; k++) history[k] = backend.zeros(DType.F32, shape);
            Tensor condOut = backend.allocate(denoiser.outputType(), shape);
            Tensor uncondOut = guided ? backend.allocate(denoiser.outputType(), shape) : null;
            Tensor factors = guided && rescalePhi > 0 ? backend.allocate(DType.F32, shape[0]) : null;
            Tensor preview = progress != null ? backend.allocate(DType.F32, shape) : null;
            int taken = 0;
            for (int i = startStep; i < levels.steps(); i++, taken++) {
                if (cancelled != null && cancelled.getAsBoolean()) {
                    throw new CancellationException("sampling cancelled before step " + i + " of " + levels.steps());
                }
                Tensor lastDenoised = null;
                List<Stage> stages = sampler.stages(levels, i, taken);
                for (int s = 0; s < stages.size(); s++) {
                    Stage stage = stages.get(s);
                    step.reset();
                    if (stage.evalAt() != null) {
                        NoiseLevel at = stage.evalAt();
                        denoiser.predict(x, at, cond, condOut);
                        if (guided) denoiser.predict(x, at, uncond, uncondOut);
                        double[] dc = denoiser.parametrisation().denoisedCoefficients(at.alpha(), at.beta());
                        step.model(condOut, uncondOut).guidance(guidanceScale, rescalePhi, factors).denoise(dc[0], dc[1], clipDenoised);
                        lastDenoised = stage.pushHistory() ? history[hs - 1] : preview;
                    }
                    Tensor denoisedOut = stage.evalAt() == null ? null : lastDenoised;
                    Tensor noise = stage.out().get(Term.NOISE) != 0 && externalNoise != null ? externalNoise.apply(i) : null;
                    if (noise != null) requireShape(noise, "external noise for step " + i, shape);
                    step.inputs(x, aux, history).outputs(x, stage.aux() != null ? aux : null, denoisedOut)
                            .coefficients(stage.out(), stage.aux())
                            .noise(seed, 1 + 4 * i + s, noise)
                            .inpaint(mask, known, stage.output().alpha(), stage.output().beta())
                            .run(stream);
                    if (stage.pushHistory()) {
                        // The new D went into the oldest slot: it becomes H0, the others age by one.
                        Tensor newest = history[hs - 1];
                        System.arraycopy(history, 0, history, 1, hs - 1);
                        history[0] = newest;
                    }
                }
                if (progress != null) progress.accept(new StepEvent(i, levels.steps(), levels.get(i + 1), x, lastDenoised));
            }
            return scope.keep(x);
        }
    }

    private static void requireShape(Tensor t, String name, long[] shape) {
        if (!java.util.Arrays.equals(t.shape(), shape) || t.dtype() != DType.F32) {
            throw new GenkernException(name + " must be f32 " + java.util.Arrays.toString(shape) + " like the sample, got " + t);
        }
    }

    /** Settings of a sampling loop; only the sampler and the levels are required. */
    public static final class Builder<C> {
        private final Sampler sampler;
        private final NoiseLevels levels;
        private long seed;
        private C cond, uncond;
        private double guidanceScale = 1, rescalePhi, clipDenoised;
        private Tensor mask, known;
        private int startStep;
        private IntFunction<Tensor> externalNoise;
        private Consumer<StepEvent> progress;
        private BooleanSupplier cancelled;

        private Builder(Sampler sampler, NoiseLevels levels) {
            if (sampler == null || levels == null) throw new IllegalArgumentException("a sampling loop needs a sampler and noise levels");
            this.sampler = sampler;
            this.levels = levels;
        }

        public Builder<C> seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The conditioning passed to every model call (no guidance). */
        public Builder<C> conditioning(C cond) {
            this.cond = cond;
            this.uncond = null;
            return this;
        }

        /** Classifier-free guidance: uncond + scale·(cond − uncond) on the model's prediction. */
        public Builder<C> guidance(C cond, C uncond, double scale) {
            if (uncond == null) throw new IllegalArgumentException("guidance needs an unconditional value");
            if (!Double.isFinite(scale)) throw new IllegalArgumentException("guidance scale must be finite, got " + scale);
            this.cond = cond;
            this.uncond = uncond;
            this.guidanceScale = scale;
            return this;
        }

        /** Guidance rescale φ in [0, 1] (Lin et al. 2023; diffusers guidance_rescale). */
        public Builder<C> rescale(double phi) {
            if (!(phi >= 0 && phi <= 1)) throw new IllegalArgumentException("guidance rescale must be in [0, 1], got " + phi);
            this.rescalePhi = phi;
            return this;
        }

        /** Clamps the x0 estimate to ±bound (diffusers clip_sample); 0 switches it off. */
        public Builder<C> clipDenoised(double bound) {
            if (!(bound >= 0)) throw new IllegalArgumentException("clip bound must be >= 0, got " + bound);
            this.clipDenoised = bound;
            return this;
        }

        /**
         * Inpainting: where mask is 1 the sample is replaced by the known clean values noised to the
         * current level (soft masks blend); both f32 like the sample.
         */
        public Builder<C> inpaint(Tensor mask, Tensor known) {
            if ((mask == null) != (known == null)) throw new IllegalArgumentException("inpainting needs both a mask and known values");
            this.mask = mask;
            this.known = known;
            return this;
        }

        /** Starts part-way, at step {@code step} (0 … steps − 1), with empty sampler history. */
        public Builder<C> startStep(int step) {
            if (step < 0 || step >= levels.steps()) {
                throw new IllegalArgumentException("start step must be in [0, " + (levels.steps() - 1) + "], got " + step);
            }
            this.startStep = step;
            return this;
        }

        /** Starts where diffusers' img2img with this strength would. */
        public Builder<C> strength(double strength) {
            return startStep(Math.min(startStepForStrength(levels.steps(), strength), levels.steps() - 1));
        }

        /** Noise per step supplied by the caller (f32 like the sample; null for a step: Philox). */
        public Builder<C> externalNoise(IntFunction<Tensor> noiseForStep) {
            this.externalNoise = noiseForStep;
            return this;
        }

        /** Called after each step with the sample and the x0 preview. */
        public Builder<C> progress(Consumer<StepEvent> listener) {
            this.progress = listener;
            return this;
        }

        /** Checked before each step; when it returns true the run stops with a CancellationException. */
        public Builder<C> cancellation(BooleanSupplier cancelled) {
            this.cancelled = cancelled;
            return this;
        }

        public SamplingLoop<C> build() {
            return new SamplingLoop<>(this);
        }
    }
}
