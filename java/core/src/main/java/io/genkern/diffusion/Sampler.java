package io.genkern.diffusion;

import java.util.List;

/**
 * A diffusion sampler, reduced to what the fused step needs: for each step, the {@link Stage}s
 * (model call + linear update) with coefficients computed on the host in float64. Implementations
 * are stateless: everything (previous levels, the order to use) follows from the levels, the step
 * index and how many steps this run has taken (a run may start part-way, with empty history).
 * Build one by name with {@link Samplers#byName}.
 */
public interface Sampler {
    /** The name {@link Samplers#byName} knows it by, e.g. "dpmpp_2m". */
    String name();

    /** Earlier denoised estimates kept between steps (0 … 3). */
    int historySize();

    /** Whether the auxiliary sample buffer is used. */
    boolean usesAux();

    /** Whether steps inject noise (the result then depends on the seed, not only on the start). */
    boolean stochastic();

    /**
     * The stages of step {@code step} (from level step to level step + 1); {@code taken} is the number
     * of steps this run did before it (0 on its first step, whatever {@code step} is).
     */
    List<Stage> stages(NoiseLevels levels, int step, int taken);
}
