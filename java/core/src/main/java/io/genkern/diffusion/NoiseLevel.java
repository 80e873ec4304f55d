package io.genkern.diffusion;

/**
 * One noise level of a sampling run. {@code sigma} is the variance-exploding noise level
 * (x_ve = x0 + σ·ε, k-diffusion's view); genkern keeps samples in the variance-preserving form
 * x = a·x0 + b·ε with a = 1/sqrt(1 + σ²), b = σ/sqrt(1 + σ²), which is what a {@link Denoiser}
 * receives. {@code timestep} is the training timestep this level corresponds to (fractional when it
 * falls between training steps, -1 for the clean end σ = 0, NaN when there is no discrete schedule).
 */
public record NoiseLevel(double sigma, double timestep) {
    public NoiseLevel {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise level sigma must be finite and >= 0, got " + sigma);
        }
    }

    /** The clean end of a run: σ = 0. */
    public static NoiseLevel clean() {
        return new NoiseLevel(0, -1);
    }

    /** sqrt(ᾱ) = 1/sqrt(1 + σ²): the signal scale of the VP sample. */
    public double alpha() {
        return 1 / Math.sqrt(1 + sigma * sigma);
    }

    /** sqrt(1 − ᾱ) = σ/sqrt(1 + σ²): the noise scale of the VP sample. */
    public double beta() {
        return sigma / Math.sqrt(1 + sigma * sigma);
    }

    public double alphaBar() {
        return 1 / (1 + sigma * sigma);
    }

    /**
     * Whether this is the top of a zero-terminal-SNR schedule (ᾱ clamped to
     * {@link NoiseSchedule#MIN_ALPHA_BAR}): σ stands for ∞ there, and a step from it must not rely
     * on the interval in σ being finite.
     */
    public boolean atInfiniteNoise() {
        return alphaBar() <= NoiseSchedule.MIN_ALPHA_BAR * (1 + 1e-6);
    }

    /** log-SNR λ = −log σ (DPM-Solver's and UniPC's time variable). */
    public double lambda() {
        return -Math.log(sigma);
    }
}
