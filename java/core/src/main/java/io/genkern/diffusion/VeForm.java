package io.genkern.diffusion;

/**
 * k-diffusion's samplers are written for variance-exploding samples x_ve = x0 + σ·ε; genkern keeps
 * variance-preserving ones, x = a·x0 + b·ε = a·x_ve. These convert a VE-form update into the VP
 * coefficients of the fused step (denoised estimates and noise are the same in both forms).
 */
final class VeForm {
    private VeForm() {}

    /** The VE value of the VP sample held in {@code term}, which is at {@code level}. */
    static Combination sample(Term term, NoiseLevel level) {
        return Combination.of(term, 1 / level.alpha());
    }

    /** The VP coefficients of a VE-form result that lies at {@code output}. */
    static Combination toVp(Combination ve, NoiseLevel output) {
        return ve.times(output.alpha());
    }

    /** k-diffusion's churn: γ = min(s_churn/n, √2 − 1) when s_tmin ≤ σ ≤ s_tmax, else 0. */
    static double churnGamma(double churn, double tMin, double tMax, double sigma, int steps) {
        if (churn <= 0 || sigma < tMin || sigma > tMax) return 0;
        return Math.min(churn / steps, Math.sqrt(2) - 1);
    }
}
