package io.genkern.diffusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Heun's second-order method (k-diffusion sample_heun, Karras et al. 2022 Algorithm 2): an Euler
 * predictor to σ_next, a second model call there, and the trapezoidal average of the two slopes;
 * the last step (σ_next = 0) is a plain Euler step. Two launches (and model calls) per step: the
 * first also saves its start point in AUX and its D in H0 for the second. A step from the top of a
 * zero-terminal-SNR schedule (σ standing for ∞) is an Euler step too: the trapezoid over that
 * interval amplifies instead of correcting.
 */
public final class Heun implements Sampler {
    private final double churn, tMin, tMax, noiseScale;

    public Heun() {
        this(0, 0, Double.POSITIVE_INFINITY, 1);
    }

    public Heun(double churn, double tMin, double tMax, double noiseScale) {
        if (churn < 0) throw new IllegalArgumentException("churn must be >= 0, got " + churn);
        this.churn = churn;
        this.tMin = tMin;
        this.tMax = tMax;
        this.noiseScale = noiseScale;
    }

    @Override public String name() { return "heun"; }
    @Override public int historySize() { return 1; }
    @Override public boolean usesAux() { return true; }
    @Override public boolean stochastic() { return churn > 0; }

    @Override
    public List<Stage> stages(NoiseLevels levels, int step, int taken) {
        NoiseLevel cur = levels.get(step), next = levels.get(step + 1);
        List<Stage> out = new ArrayList<>(3);
        NoiseLevel hat = Euler.churnedLevel(levels, cur, churn, tMin, tMax);
        if (hat != cur) out.add(Euler.churnStage(cur, hat, noiseScale));
        double sh = hat.sigma(), sn = next.sigma(), dt = sn - sh;
        Combination xHat = VeForm.sample(Term.X, hat);
        if (sn == 0 || hat.atInfiniteNoise()) {
            double ratio = sn / sh;
            out.add(Stage.of(hat, next, VeForm.toVp(xHat.times(ratio).plus(Term.DENOISED, 1 - ratio), next)));
            return out;
        }
        // Predictor: x2 = x̂ + dt·(x̂ − D)/σ̂; keep x̂ (AUX) and D (H0).
        Combination x2 = xHat.times(1 + dt / sh).plus(Term.DENOISED, -dt / sh);
        out.add(new Stage(hat, next, VeForm.toVp(x2, next), Combination.of(Term.X, 1), true));
        // Corrector: x' = x̂ + dt/2·((x̂ − D1)/σ̂ + (x2 − D2)/σ_next), x̂ in AUX, D1 in H0, x2 in X, D2 the new D.
        Combination ve = VeForm.sample(Term.AUX, hat).times(1 + dt / (2 * sh)).plus(Term.H0, -dt / (2 * sh))
                .plus(VeForm.sample(Term.X, next).times(dt / (2 * sn))).plus(Term.DENOISED, -dt / (2 * sn));
        out.add(Stage.of(next, next, VeForm.toVp(ve, next)));
        return out;
    }
}
