package io.genkern.diffusion;

/**
 * One fused-kernel launch of a sampler step. When {@code evalAt} is non-null the denoiser is called
 * first on the current sample X at that level, giving D; then
 * <pre>
 *   X   ← out  (a {@link Combination} of X, AUX, D, H0..H2, NOISE; the result is at level {@code output})
 *   AUX ← aux  (when aux is non-null; no NOISE term)
 *   H   ← [D, H0, H1] (when pushHistory)
 * </pre>
 * Samples are variance-preserving (x = a·x0 + b·ε, see {@link NoiseLevel}).
 */
public record Stage(NoiseLevel evalAt, NoiseLevel output, Combination out, Combination aux, boolean pushHistory) {
    public Stage {
        if (output == null || out == null) throw new IllegalArgumentException("a stage needs an output level and combination");
        if (!out.isFinite()) throw new IllegalArgumentException("non-finite step coefficients " + out);
        if (aux != null && (!aux.isFinite() || aux.get(Term.NOISE) != 0)) {
            throw new IllegalArgumentException("invalid auxiliary combination " + aux);
        }
        if (evalAt == null && (out.get(Term.DENOISED) != 0 || (aux != null && aux.get(Term.DENOISED) != 0) || pushHistory)) {
            throw new IllegalArgumentException("a stage without a model call cannot use the denoised estimate");
        }
    }

    /** A stage with a model call, writing only the next sample. */
    static Stage of(NoiseLevel evalAt, NoiseLevel output, Combination out) {
        return new Stage(evalAt, output, out, null, false);
    }
}
