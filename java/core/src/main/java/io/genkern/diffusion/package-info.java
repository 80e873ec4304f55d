/**
 * Diffusion sampling: noise schedules, samplers and the loop that runs them over a denoiser, with
 * one fused kernel launch per sampler stage on the CPU and CUDA backends.
 *
 * <ul>
 *   <li>{@link io.genkern.diffusion.NoiseSchedule} (linear, scaled-linear, cosine; zero terminal SNR)
 *       and {@link io.genkern.diffusion.NoiseLevels} (diffusers' leading / trailing / linspace
 *       spacing with steps_offset, Karras σ) give the levels of a run.</li>
 *   <li>{@link io.genkern.diffusion.Samplers#byName} builds ddpm, ddim, euler, euler_a, heun,
 *       dpmpp_2m, dpmpp_2m_sde and unipc. Each turns a step into {@link io.genkern.diffusion.Stage}s:
 *       a model call and a linear update x' = Σ c_t·t with float64 coefficients.</li>
 *   <li>{@link io.genkern.diffusion.SamplingLoop} runs a sampler over any
 *       {@link io.genkern.diffusion.Denoiser} (ε, x0 or v prediction, f32/f16/bf16 outputs), with
 *       classifier-free guidance and rescale, inpainting, part-way starts, external noise, progress
 *       with x0 previews, and cancellation; {@link io.genkern.diffusion.FusedStep} is the launch
 *       itself (native/include/genkern/sampling.h).</li>
 * </ul>
 *
 * <p>Samples are variance-preserving, x = a·x0 + b·ε with a = 1/sqrt(1 + σ²), b = σ/sqrt(1 + σ²)
 * ({@link io.genkern.diffusion.NoiseLevel}); k-diffusion's VE formulas are converted exactly. Noise
 * is Philox4x32-10 keyed by (seed, step, element) with one Box–Muller transform shared by both
 * backends, so CPU and CUDA draw bit-identical noise on any thread count.
 */
package io.genkern.diffusion;
