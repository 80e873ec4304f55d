package io.genkern.diffusion;

import java.util.List;

/**
 * DDIM (Song et al. 2021; diffusers scheduling_ddim.py) in VP form, from ᾱ_t to ᾱ_prev (the next
 * level; 1 at the clean end): ε = (x − sqrt(ᾱ_t)·x0)/sqrt(1 − ᾱ_t),
 * σ_t = η·sqrt((1 − ᾱ_prev)/(1 − ᾱ_t))·sqrt(1 − ᾱ_t/ᾱ_prev),
 * x_prev = sqrt(ᾱ_prev)·x0 + sqrt(1 − ᾱ_prev − σ_t²)·ε + σ_t·ξ. η = 0 (the default) is deterministic.
 */
public final class Ddim implements Sampler {
    private final double eta;

    public Ddim() {
        this(0);
    }

    public Ddim(double eta) {
        if (eta < 0) throw new IllegalArgumentException("eta must be >= 0, got " + eta);
        this.eta = eta;
    }

    @Override public String name() { return "ddim"; }
    @Override public int historySize() { return 0; }
    @Override public boolean usesAux() { return false; }
    @Override public boolean stochastic() { return eta > 0; }

    @Override
    public List<Stage> stages(NoiseLevels levels, int step, int taken) {
        NoiseLevel cur = levels.get(step), next = levels.get(step + 1);
        double abT = cur.alphaBar(), abPrev = next.alphaBar();
        double stdT = eta * Math.sqrt((1 - abPrev) / (1 - abT)) * Math.sqrt(Math.max(1 - abT / abPrev, 0));
        double dir = Math.sqrt(Math.max(1 - abPrev - stdT * stdT, 0));
        double a = cur.alpha(), b = cur.beta();
        // ε = (x − a·D)/b  ⇒  x_prev = (dir/b)·x + (sqrt(ᾱ_prev) − dir·a/b)·D + σ_t·ξ
        Combination out = Combination.of(Term.X, dir / b).plus(Term.DENOISED, Math.sqrt(abPrev) - dir * a / b);
        if (stdT > 0) out = out.plus(Term.NOISE, stdT);
        return List.of(Stage.of(cur, next, out));
    }
}
