package io.genkern.diffusion;

import java.util.List;

/**
 * DPM-Solver++(2M) SDE, midpoint variant (k-diffusion sample_dpmpp_2m_sde): with h = log(σ/σ_next)
 * and ηh = η·h,
 * x ← (σ_next/σ)·e^(−ηh)·x − expm1(−h − ηh)·D − ½·expm1(−h − ηh)·(D − D_old)/r + σ_next·sqrt(−expm1(−2ηh))·s_noise·ξ.
 * The last step returns D. (k-diffusion draws ξ from a Brownian tree; here it is Philox noise per step.)
 */
public final class DpmPp2mSde implements Sampler {
    private final double eta, noiseScale;

    public DpmPp2mSde() {
        this(1, 1);
    }

    public DpmPp2mSde(double eta, double noiseScale) {
        if (eta < 0) throw new IllegalArgumentException("eta must be >= 0, got " + eta);
        this.eta = eta;
        this.noiseScale = noiseScale;
    }

    @Override public String name() { return "dpmpp_2m_sde"; }
    @Override public int historySize() { return 1; }
    @Override public boolean usesAux() { return false; }
    @Override public boolean stochastic() { return eta > 0; }

    @Override
    public List<Stage> stages(NoiseLevels levels, int step, int taken) {
        NoiseLevel cur = levels.get(step), next = levels.get(step + 1);
        if (next.sigma() == 0) return List.of(new Stage(cur, next, Combination.of(Term.DENOISED, 1), null, true));
        double h = Math.log(cur.sigma() / next.sigma()), etaH = eta * h;
        double w = -Math.expm1(-h - etaH);
        Combination ve = VeForm.sample(Term.X, cur).times(next.sigma() / cur.sigma() * Math.exp(-etaH)).plus(Term.DENOISED, w);
        if (taken > 0) {
            double hLast = Math.log(levels.get(step - 1).sigma() / cur.sigma());
            double k = 0.5 * w * h / hLast; // ½·w·(1/r), r = h_last/h
            ve = ve.plus(Term.DENOISED, k).plus(Term.H0, -k);
        }
        if (eta > 0) ve = ve.plus(Term.NOISE, next.sigma() * Math.sqrt(-Math.expm1(-2 * etaH)) * noiseScale);
        return List.of(new Stage(cur, next, VeForm.toVp(ve, next), null, true));
    }
}
