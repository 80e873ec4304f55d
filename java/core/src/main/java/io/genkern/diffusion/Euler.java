package io.genkern.diffusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Euler's method on the probability-flow ODE (k-diffusion sample_euler): d = (x − D)/σ̂,
 * x ← x + d·(σ_next − σ̂). With churn (Karras et al. 2022) the sample is first raised to
 * σ̂ = σ(1 + γ) by fresh noise, which costs one extra (model-free) launch per step.
 */
public final class Euler implements Sampler {
    private final double churn, tMin, tMax, noiseScale;

    /** Plain Euler (no churn). */
    public Euler() {
        this(0, 0, Double.POSITIVE_INFINITY, 1);
    }

    /** k-diffusion's s_churn, s_tmin, s_tmax, s_noise. */
    public Euler(double churn, double tMin, double tMax, double noiseScale) {
        if (churn < 0) throw new IllegalArgumentException("churn must be >= 0, got " + churn);
        this.churn = churn;
        this.tMin = tMin;
        this.tMax = tMax;
        this.noiseScale = noiseScale;
    }

    @Override public String name() { return "euler"; }
    @Override public int historySize() { return 0; }
    @Override public boolean usesAux() { return false; }
    @Override public boolean stochastic() { return churn > 0; }

    @Override
    public List<Stage> stages(NoiseLevels levels, int step, int taken) {
        NoiseLevel cur = levels.get(step), next = levels.get(step + 1);
        List<Stage> out = new ArrayList<>(2);
        NoiseLevel hat = churnedLevel(levels, cur, churn, tMin, tMax);
        if (hat != cur) out.add(churnStage(cur, hat, noiseScale));
        double ratio = next.sigma() / hat.sigma();
        Combination ve = VeForm.sample(Term.X, hat).times(ratio).plus(Term.DENOISED, 1 - ratio);
        out.add(Stage.of(hat, next, VeForm.toVp(ve, next)));
        return out;
    }

    /** σ̂ = σ(1 + γ), or cur itself when γ = 0. */
    static NoiseLevel churnedLevel(NoiseLevels levels, NoiseLevel cur, double churn, double tMin, double tMax) {
        double gamma = VeForm.churnGamma(churn, tMin, tMax, cur.sigma(), levels.steps());
        return gamma > 0 ? levels.at(cur.sigma() * (1 + gamma)) : cur;
    }

    /** x̂ = x + sqrt(σ̂² − σ²)·s_noise·ξ (VE form), with no model call. */
    static Stage churnStage(NoiseLevel cur, NoiseLevel hat, double noiseScale) {
        double up = Math.sqrt(hat.sigma() * hat.sigma() - cur.sigma() * cur.sigma()) * noiseScale;
        Combination ve = VeForm.sample(Term.X, cur).plus(Term.NOISE, up);
        return new Stage(null, hat, VeForm.toVp(ve, hat), null, false);
    }
}
