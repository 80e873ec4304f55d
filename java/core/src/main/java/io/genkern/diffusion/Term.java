package io.genkern.diffusion;

/**
 * The tensors a fused sampler step combines: the current sample X, the auxiliary sample AUX (Heun's
 * start point, UniPC's last corrected sample), the new denoised estimate D, the earlier denoised
 * estimates H0 (most recent) … H2, and the noise ξ.
 */
public enum Term {
    X, AUX, DENOISED, H0, H1, H2, NOISE;

    static Term history(int k) {
        return switch (k) {
            case 0 -> H0;
            case 1 -> H1;
            case 2 -> H2;
            default -> throw new IllegalArgumentException("history index " + k + " is beyond the 3 kept");
        };
    }
}
