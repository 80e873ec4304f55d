package io.genkern.diffusion;

import java.util.List;
import java.util.Locale;

/**
 * DDPM ancestral sampling (Ho et al. 2020; diffusers scheduling_ddpm.py) from ᾱ_t to ᾱ_prev (the
 * next level): the posterior mean
 * (sqrt(ᾱ_prev)·β_t/(1 − ᾱ_t))·x0 + (sqrt(α_t)·(1 − ᾱ_prev)/(1 − ᾱ_t))·x_t, with α_t = ᾱ_t/ᾱ_prev,
 * β_t = 1 − α_t, plus noise of variance β̃_t = (1 − ᾱ_prev)/(1 − ᾱ_t)·β_t ("fixed_small") or β_t
 * ("fixed_large"); no noise on the last step.
 */
public final class Ddpm implements Sampler {
    /** The posterior variance used for the noise. */
    public enum Variance {
        SMALL, LARGE;

        public static Variance byName(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "small", "fixed_small" -> SMALL;
                case "large", "fixed_large" -> LARGE;
                default -> throw new IllegalArgumentException("unknown DDPM variance '" + name + "'; expected small or large");
            };
        }
    }

    private final Variance variance;

    public Ddpm() {
        this(Variance.SMALL);
    }

    public Ddpm(Variance variance) {
        this.variance = variance;
    }

    @Override public String name() { return "ddpm"; }
    @Override public int historySize() { return 0; }
    @Override public boolean usesAux() { return false; }
    @Override public boolean stochastic() { return true; }

    @Override
    public List<Stage> stages(NoiseLevels levels, int step, int taken) {
        NoiseLevel cur = levels.get(step), next = levels.get(step + 1);
        double abT = cur.alphaBar(), abPrev = next.alphaBar();
        double alphaT = abT / abPrev, betaT = 1 - alphaT;
        Combination out = Combination.of(Term.DENOISED, Math.sqrt(abPrev) * betaT / (1 - abT))
                .plus(Term.X, Math.sqrt(alphaT) * (1 - abPrev) / (1 - abT));
        if (next.sigma() > 0) {
            double var = variance == Variance.SMALL ? Math.max((1 - abPrev) / (1 - abT) * betaT, 1e-20) : betaT;
            out = out.plus(Term.NOISE, Math.sqrt(var));
        }
        return List.of(Stage.of(cur, next, out));
    }
}
