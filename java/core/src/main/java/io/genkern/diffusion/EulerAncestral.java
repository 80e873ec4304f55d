package io.genkern.diffusion;

import java.util.List;

/**
 * Euler ancestral (k-diffusion sample_euler_ancestral): an Euler step down to σ_down, then fresh
 * noise up to σ_next, with σ_up = min(σ_next, η·sqrt(σ_next²(σ² − σ_next²)/σ²)) and
 * σ_down = sqrt(σ_next² − σ_up²) (clamped at 0 in float64: diffusers#14213).
 */
public final class EulerAncestral implements Sampler {
    private final double eta, noiseScale;

    public EulerAncestral() {
        this(1, 1);
    }

    public EulerAncestral(double eta, double noiseScale) {
        if (eta < 0) throw new IllegalArgumentException("eta must be >= 0, got " + eta);
        this.eta = eta;
        this.noiseScale = noiseScale;
    }

    @Override public String name() { return "euler_a"; }
    @Override public int historySize() { return 0; }
    @Override public boolean usesAux() { return false; }
    @Override public boolean stochastic() { return eta > 0; }

    @Override
    public List<Stage> stages(NoiseLevels levels, int step, int taken) {
        NoiseLevel cur = levels.get(step), next = levels.get(step + 1);
        double[] updown = ancestral(cur.sigma(), next.sigma(), eta);
        double ratio = updown[1] / cur.sigma();
        Combination ve = VeForm.sample(Term.X, cur).times(ratio).plus(Term.DENOISED, 1 - ratio);
        if (next.sigma() > 0) ve = ve.plus(Term.NOISE, noiseScale * updown[0]);
        return List.of(Stage.of(cur, next, VeForm.toVp(ve, next)));
    }

    /** {σ_up, σ_down} (k-diffusion get_ancestral_step). */
    static double[] ancestral(double from, double to, double eta) {
        if (eta == 0 || to == 0) return new double[] {0, to};
        double up = Math.min(to, eta * Math.sqrt(Math.max(to * to * (from * from - to * to) / (from * from), 0)));
        double down = Math.sqrt(Math.max(to * to - up * up, 0));
        return new double[] {up, down};
    }
}
