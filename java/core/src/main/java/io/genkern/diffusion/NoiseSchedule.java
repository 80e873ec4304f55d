package io.genkern.diffusion;

import java.util.Arrays;
import java.util.Locale;

/**
 * A training noise schedule: ᾱ_t for the discrete training timesteps t = 0 … T−1, in float64, as
 * diffusers builds them (beta_schedule "linear", "scaled_linear", "squaredcos_cap_v2").
 *
 * <p>Zero terminal SNR (Lin et al. 2023, Algorithm 1) makes ᾱ_{T−1} exactly 0, i.e. σ = ∞; for
 * sampling, σ is computed from ᾱ clamped to 2^-24 (as diffusers' Euler and UniPC schedulers do), so
 * every level is finite and an ε-predicting model still converts to x0 without dividing by zero.
 */
public final class NoiseSchedule {
    /** The smallest ᾱ used to derive σ (diffusers' clamp for zero-terminal-SNR schedules). */
    public static final double MIN_ALPHA_BAR = 0x1p-24;

    private final String name;
    private final double[] alphaBar;
    private final double[] logSigma; // ascending in t

    private NoiseSchedule(String name, double[] alphaBar) {
        this.name = name;
        this.alphaBar = alphaBar;
        this.logSigma = new double[alphaBar.length];
        for (int t = 0; t < alphaBar.length; t++) logSigma[t] = Math.log(sigmaOf(alphaBar[t]));
    }

    /** DDPM's linear betas from beta0 to beta1 (1e-4 → 0.02 over 1000 steps). */
    public static NoiseSchedule linear(int trainingSteps, double beta0, double beta1) {
        double[] betas = linspace(beta0, beta1, trainingSteps);
        return fromBetas("linear", betas);
    }

    public static NoiseSchedule linear() {
        return linear(1000, 1e-4, 0.02);
    }

    /** Stable Diffusion's betas: (linspace(sqrt(beta0), sqrt(beta1)))², 0.00085 → 0.012. */
    public static NoiseSchedule scaledLinear(int trainingSteps, double beta0, double beta1) {
        double[] betas = linspace(Math.sqrt(beta0), Math.sqrt(beta1), trainingSteps);
        for (int i = 0; i < betas.length; i++) betas[i] *= betas[i];
        return fromBetas("scaled_linear", betas);
    }

    public static NoiseSchedule scaledLinear() {
        return scaledLinear(1000, 0.00085, 0.012);
    }

    /**
     * Nichol &amp; Dhariwal's cosine schedule as MDM uses it (diffusers "squaredcos_cap_v2"):
     * ᾱ(t) = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s)·π/2), s = 0.008, each β capped at 0.999.
     */
    public static NoiseSchedule cosine(int trainingSteps) {
        double[] betas = new double[trainingSteps];
        for (int i = 0; i < trainingSteps; i++) {
            double t1 = (double) i / trainingSteps, t2 = (double) (i + 1) / trainingSteps;
            betas[i] = Math.min(1 - cosineF(t2) / cosineF(t1), 0.999);
        }
        return fromBetas("cosine", betas);
    }

    public static NoiseSchedule cosine() {
        return cosine(1000);
    }

    /** A schedule given by its ᾱ_t (t = 0 … T−1, decreasing, in (0, 1]; the last may be 0). */
    public static NoiseSchedule ofAlphaBar(String name, double[] alphaBar) {
        if (alphaBar.length < 2) throw new IllegalArgumentException("a schedule needs at least 2 timesteps, got " + alphaBar.length);
        for (int t = 0; t < alphaBar.length; t++) {
            double v = alphaBar[t];
            boolean ok = v <= 1 && (v > 0 || (v == 0 && t == alphaBar.length - 1)) && (t == 0 || v <= alphaBar[t - 1]);
            if (!ok) throw new IllegalArgumentException("alphaBar[" + t + "] = " + v + " is not in (0, 1] and non-increasing");
        }
        return new NoiseSchedule(name, alphaBar.clone());
    }

    /** By name: "linear", "scaled_linear", "cosine" (alias "squaredcos_cap_v2"); a "+zsnr" suffix applies zero terminal SNR. */
    public static NoiseSchedule byName(String spec, int trainingSteps) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        boolean zsnr = s.endsWith("+zsnr");
        if (zsnr) s = s.substring(0, s.length() - "+zsnr".length());
        NoiseSchedule base = switch (s) {
            case "linear" -> linear(trainingSteps, 1e-4, 0.02);
            case "scaled_linear" -> scaledLinear(trainingSteps, 0.00085, 0.012);
            case "cosine", "squaredcos_cap_v2" -> cosine(trainingSteps);
            default -> throw new IllegalArgumentException("unknown noise schedule '" + spec
                    + "'; expected linear, scaled_linear or cosine, optionally with +zsnr");
        };
        return zsnr ? base.withZeroTerminalSnr() : base;
    }

    /**
     * Lin et al. 2023 Algorithm 1: shift and scale sqrt(ᾱ) so that the last is exactly 0 and the
     * first is unchanged.
     */
    public NoiseSchedule withZeroTerminalSnr() {
        int n = alphaBar.length;
        double first = Math.sqrt(alphaBar[0]), last = Math.sqrt(alphaBar[n - 1]);
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            double s = (Math.sqrt(alphaBar[t]) - last) * first / (first - last);
            out[t] = s * s;
        }
        out[n - 1] = 0;
        return new NoiseSchedule(name + "+zsnr", out);
    }

    public String name() {
        return name;
    }

    public int trainingSteps() {
        return alphaBar.length;
    }

    public double alphaBar(int t) {
        return alphaBar[t];
    }

    /** σ_t = sqrt((1 − ᾱ_t)/ᾱ_t), with ᾱ clamped to {@link #MIN_ALPHA_BAR}. */
    public double sigma(int t) {
        return sigmaOf(alphaBar[t]);
    }

    public double sigmaMin() {
        return sigma(0);
    }

    public double sigmaMax() {
        return sigma(alphaBar.length - 1);
    }

    /** σ at a fractional timestep: linear interpolation of log σ between training steps (k-diffusion's t_to_sigma). */
    public double sigmaAt(double t) {
        if (!(t >= 0 && t <= alphaBar.length - 1)) {
            throw new IllegalArgumentException("timestep " + t + " is outside [0, " + (alphaBar.length - 1) + "]");
        }
        int low = (int) Math.floor(t), high = (int) Math.ceil(t);
        double w = t - low;
        return Math.exp((1 - w) * logSigma[low] + w * logSigma[high]);
    }

    /** The fractional training timestep of σ (k-diffusion's sigma_to_t), clamped to [0, T−1]. */
    public double timestepOf(double sigma) {
        double ls = Math.log(sigma);
        int idx = Arrays.binarySearch(logSigma, ls);
        int low = idx >= 0 ? idx : -idx - 2; // the last index with logSigma <= ls
        low = Math.max(0, Math.min(low, logSigma.length - 2));
        double w = (logSigma[low] - ls) / (logSigma[low] - logSigma[low + 1]);
        w = Math.max(0, Math.min(1, w));
        return (1 - w) * low + w * (low + 1);
    }

    /** The noise level of training timestep t. */
    public NoiseLevel level(int t) {
        return new NoiseLevel(sigma(t), t);
    }

    @Override
    public String toString() {
        return name + " (" + alphaBar.length + " steps, σ " + sigmaMin() + " … " + sigmaMax() + ")";
    }

    private static double sigmaOf(double alphaBar) {
        double a = Math.max(alphaBar, MIN_ALPHA_BAR);
        return Math.sqrt((1 - a) / a);
    }

    private static double cosineF(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    private static NoiseSchedule fromBetas(String name, double[] betas) {
        if (betas.length < 2) throw new IllegalArgumentException("a schedule needs at least 2 timesteps, got " + betas.length);
        double[] alphaBar = new double[betas.length];
        double prod = 1;
        for (int t = 0; t < betas.length; t++) {
            prod *= 1 - betas[t];
            alphaBar[t] = prod;
        }
        return new NoiseSchedule(name, alphaBar);
    }

    private static double[] linspace(double a, double b, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = n == 1 ? a : a + (b - a) * i / (n - 1);
        return out;
    }
}
