package io.genkern.nativ;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP peer of native/include/genkern/sampling.h: the fused sampler step and the shared Philox
 * noise. Used by {@link io.genkern.diffusion.FusedStep}; applications use io.genkern.diffusion.
 */
@Properties(value = @Platform(include = "genkern/sampling.h", link = "genkern"))
public final class SamplingNative {
    static {
        Loader.load();
    }

    private SamplingNative() {}

    public static final int MAX_HISTORY = 3;

    /** gk_sampler_step_args; tensor members are returned by reference and filled in place. */
    @Name("gk_sampler_step_args")
    public static class gk_sampler_step_args extends Pointer {
        static {
            Loader.load();
        }

        public gk_sampler_step_args() {
            allocate();
        }

        private native void allocate();

        @MemberGetter public native @ByRef GenkernNative.gk_tensor cond();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor uncond();
        public native double guidance_scale();
        public native gk_sampler_step_args guidance_scale(double v);
        public native double rescale_phi();
        public native gk_sampler_step_args rescale_phi(double v);
        @MemberGetter public native @ByRef GenkernNative.gk_tensor rescale_factors();
        public native double denoise_x();
        public native gk_sampler_step_args denoise_x(double v);
        public native double denoise_model();
        public native gk_sampler_step_args denoise_model(double v);
        public native double clip_denoised();
        public native gk_sampler_step_args clip_denoised(double v);

        @MemberGetter public native @ByRef GenkernNative.gk_tensor x();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor x_aux();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor history(int i);

        @MemberGetter public native @ByRef GenkernNative.gk_tensor out();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor out_aux();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor denoised_out();

        public native double c_x();
        public native gk_sampler_step_args c_x(double v);
        public native double c_aux();
        public native gk_sampler_step_args c_aux(double v);
        public native double c_denoised();
        public native gk_sampler_step_args c_denoised(double v);
        public native double c_noise();
        public native gk_sampler_step_args c_noise(double v);
        public native double c_history(int i);
        public native gk_sampler_step_args c_history(int i, double v);
        public native double aux_x();
        public native gk_sampler_step_args aux_x(double v);
        public native double aux_aux();
        public native gk_sampler_step_args aux_aux(double v);
        public native double aux_denoised();
        public native gk_sampler_step_args aux_denoised(double v);
        public native double aux_history(int i);
        public native gk_sampler_step_args aux_history(int i, double v);

        @MemberGetter public native @ByRef GenkernNative.gk_tensor noise();
        public native @Cast("uint64_t") long seed();
        public native gk_sampler_step_args seed(long v);
        public native @Cast("uint32_t") int noise_step();
        public native gk_sampler_step_args noise_step(int v);

        @MemberGetter public native @ByRef GenkernNative.gk_tensor mask();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor known();
        public native double known_scale();
        public native gk_sampler_step_args known_scale(double v);
        public native double known_noise();
        public native gk_sampler_step_args known_noise(double v);
    }

    public static native int gk_sampler_step(@Cast("const gk_sampler_step_args*") gk_sampler_step_args args,
                                             Pointer stream);

    public static native int gk_philox_normal(@Cast("const gk_tensor*") GenkernNative.gk_tensor out,
                                              @Cast("uint64_t") long seed, @Cast("uint32_t") int step,
                                              @Cast("uint32_t") int subsequence, Pointer stream);
}
