package io.genkern.diffusion;

import java.util.List;

/**
 * DPM-Solver++(2M) (Lu et al. 2022; k-diffusion sample_dpmpp_2m): with t = −log σ, h = t_next − t,
 * r = h_last/h, D' = (1 + 1/(2r))·D − (1/(2r))·D_old and x ← (σ_next/σ)·x − expm1(−h)·D'. First
 * order on the run's first step; the last step (σ_next = 0) returns D (no log 0: diffusers#9007).
 */
public final class DpmPp2m implements Sampler {
    @Override public String name() { return "dpmpp_2m"; }
    @Override public int historySize() { return 1; }
    @Override public boolean usesAux() { return false; }
    @Override public boolean stochastic() { return false; }

    @Override
    public List<Stage> stages(NoiseLevels levels, int step, int taken) {
        NoiseLevel cur = levels.get(step), next = levels.get(step + 1);
        if (next.sigma() == 0) return List.of(new Stage(cur, next, Combination.of(Term.DENOISED, 1), null, true));
        double h = Math.log(cur.sigma() / next.sigma());
        Combination denoised = Combination.of(Term.DENOISED, 1);
        if (taken > 0) {
            double hLast = Math.log(levels.get(step - 1).sigma() / cur.sigma());
            double r = hLast / h;
            denoised = Combination.of(Term.DENOISED, 1 + 1 / (2 * r)).plus(Term.H0, -1 / (2 * r));
        }
        Combination ve = VeForm.sample(Term.X, cur).times(next.sigma() / cur.sigma()).plus(denoised.times(-Math.expm1(-h)));
        return List.of(new Stage(cur, next, VeForm.toVp(ve, next), null, true));
    }
}
