package io.genkern.diffusion;

import io.genkern.GenkernException;
import io.genkern.Stream;
import io.genkern.Tensor;
import io.genkern.nativ.GenkernNative;
import io.genkern.nativ.Native;
import io.genkern.nativ.SamplingNative;
import org.bytedeco.javacpp.Pointer;

import java.util.HashMap;
import java.util.Map;

/**
 * The arguments of one gk_sampler_step launch (see native/include/genkern/sampling.h), reusable
 * across steps: set what this step uses, {@link #run}, {@link #reset}. Every tensor must be on the
 * same backend; the sample state is f32, model outputs f32/f16/bf16.
 */
public final class FusedStep implements AutoCloseable {
    private final SamplingNative.gk_sampler_step_args args = new SamplingNative.gk_sampler_step_args();
    // The tensors described in args by slot, held open for the length of run().
    private final Map<String, Tensor> tensors = new HashMap<>();

    public FusedStep() {
        reset();
    }

    /** Clears every tensor and scalar (absent tensors, zero coefficients, guidance scale 1). */
    public FusedStep reset() {
        args.zero();
        tensors.clear();
        args.guidance_scale(1).known_scale(1);
        return this;
    }

    /** Model outputs: cond (required when D is used) and uncond (optional, for guidance). */
    public FusedStep model(Tensor cond, Tensor uncond) {
        set("cond", cond, args.cond());
        set("uncond", uncond, args.uncond());
        return this;
    }

    /** g = uncond + scale·(cond − uncond), then rescaled by φ (factors: f32 [B] scratch, needed when φ &gt; 0). */
    public FusedStep guidance(double scale, double rescalePhi, Tensor factors) {
        args.guidance_scale(scale).rescale_phi(rescalePhi);
        set("rescale_factors", factors, args.rescale_factors());
        return this;
    }

    /** D = cx·x + cm·g, clamped to ±clip when clip &gt; 0. */
    public FusedStep denoise(double cx, double cm, double clip) {
        args.denoise_x(cx).denoise_model(cm).clip_denoised(clip);
        return this;
    }

    /** The sample inputs: x, the auxiliary sample (or null) and up to 3 history tensors (nulls allowed). */
    public FusedStep inputs(Tensor x, Tensor aux, Tensor... history) {
        if (history.length > SamplingNative.MAX_HISTORY) {
            throw new GenkernException(history.length + " history tensors given; at most " + SamplingNative.MAX_HISTORY);
        }
        set("x", x, args.x());
        set("x_aux", aux, args.x_aux());
        for (int k = 0; k < SamplingNative.MAX_HISTORY; k++) set("history" + k, k < history.length ? history[k] : null, args.history(k));
        return this;
    }

    /** The outputs: the next sample (may be x itself), the auxiliary output and the denoised estimate (both optional). */
    public FusedStep outputs(Tensor out, Tensor outAux, Tensor denoisedOut) {
        set("out", out, args.out());
        set("out_aux", outAux, args.out_aux());
        set("denoised_out", denoisedOut, args.denoised_out());
        return this;
    }

    /** The update coefficients: out (including NOISE) and aux (null: no auxiliary output terms). */
    public FusedStep coefficients(Combination out, Combination aux) {
        args.c_x(out.get(Term.X)).c_aux(out.get(Term.AUX)).c_denoised(out.get(Term.DENOISED)).c_noise(out.get(Term.NOISE));
        for (int k = 0; k < SamplingNative.MAX_HISTORY; k++) args.c_history(k, out.get(Term.history(k)));
        Combination a = aux == null ? Combination.zero() : aux;
        args.aux_x(a.get(Term.X)).aux_aux(a.get(Term.AUX)).aux_denoised(a.get(Term.DENOISED));
        for (int k = 0; k < SamplingNative.MAX_HISTORY; k++) args.aux_history(k, a.get(Term.history(k)));
        return this;
    }

    /** Noise: external ξ (f32, like x) or, when null, Philox(seed, step, element). */
    public FusedStep noise(long seed, int step, Tensor external) {
        args.seed(seed).noise_step(step);
        set("noise", external, args.noise());
        return this;
    }

    /** Inpainting: out = m·(scale·known + noise·ξ') + (1 − m)·out; null mask and known switch it off. */
    public FusedStep inpaint(Tensor mask, Tensor known, double scale, double noise) {
        set("mask", mask, args.mask());
        set("known", known, args.known());
        args.known_scale(scale).known_noise(noise);
        return this;
    }

    /** Launches the step (1 kernel, 2 with guidance rescale) on the stream. */
    public void run(Stream stream) {
        try (Native.Uses uses = new Native.Uses()) {
            for (Tensor t : tensors.values()) uses.hold(t);
            Native.check(SamplingNative.gk_sampler_step(args, pointer(stream)));
        }
    }

    private void set(String slot, Tensor t, GenkernNative.gk_tensor descriptor) {
        Native.describe(t, descriptor);
        if (t == null) tensors.remove(slot);
        else tensors.put(slot, t);
    }

    /** Fills a contiguous f32 tensor with Philox standard normals, bit-identical on every backend. */
    public static void normal(Tensor out, long seed, int step, int subsequence, Stream stream) {
        try (Native.Uses uses = new Native.Uses(); GenkernNative.gk_tensor d = uses.describe(out, new GenkernNative.gk_tensor())) {
            Native.check(SamplingNative.gk_philox_normal(d, seed, step, subsequence, pointer(stream)));
        }
    }

    private static Pointer pointer(Stream stream) {
        return stream == null || stream.handle() == 0 ? null : Native.pointer(stream.handle());
    }

    @Override
    public void close() {
        args.close();
    }
}
