package io.genkern.diffusion;

import java.util.List;

/**
 * UniPC with the B(h) = e^h − 1 variant "bh2" and data prediction (Zhao et al. 2023; diffusers
 * scheduling_unipc_multistep.py with predict_x0, solver_type bh2, lower_order_final). Each step
 * first corrects the current sample with the new model output (UniC, from the previous sample kept
 * in AUX), then predicts the next one (UniP); both are linear in the samples and the denoised
 * history, so one launch does both and also writes the corrected sample to AUX. The host solves the
 * small linear systems for the ρ coefficients. The order warms up from 1 and drops to 1 on the last
 * step (σ_next = 0, where the prediction is D).
 */
public final class UniPc implements Sampler {
    private final int order;

    public UniPc() {
        this(2);
    }

    /** order: 1 … 3 (diffusers' solver_order; 2 by default). */
    public UniPc(int order) {
        if (order < 1 || order > 3) throw new IllegalArgumentException("UniPC order must be 1 to 3, got " + order);
        this.order = order;
    }

    @Override public String name() { return "unipc"; }
    @Override public int historySize() { return order; }
    @Override public boolean usesAux() { return true; }
    @Override public boolean stochastic() { return false; }

    /** The model output m_{k−j} of this run: j = 0 is the new D, then H0, H1, H2. */
    private static Term model(int j) {
        return j == 0 ? Term.DENOISED : Term.history(j - 1);
    }

    /** Predictor order at a step: warm-up (taken + 1) and lower_order_final (steps left). */
    private int predictorOrder(NoiseLevels levels, int step, int taken) {
        return Math.min(order, Math.min(levels.steps() - step, taken + 1));
    }

    @Override
    public List<Stage> stages(NoiseLevels levels, int step, int taken) {
        NoiseLevel cur = levels.get(step), next = levels.get(step + 1);
        // The corrected current sample x^c (from AUX = the previous sample and the model outputs), or X.
        Combination corrected = Combination.of(Term.X, 1);
        if (taken > 0) corrected = update(levels, step - 1, Term.AUX, 1, predictorOrder(levels, step - 1, taken - 1), true);
        Combination predicted;
        if (next.sigma() == 0) {
            predicted = Combination.of(Term.DENOISED, 1);
        } else {
            Combination p = update(levels, step, null, 0, predictorOrder(levels, step, taken), false);
            // p is linear in "the sample at level step" (coefficient on the placeholder X): substitute x^c.
            double onSample = p.get(Term.X);
            predicted = p.plus(Term.X, -onSample).plus(corrected.times(onSample));
        }
        return List.of(new Stage(cur, next, predicted, corrected, true));
    }

    /**
     * The UniP (corrector = false) or UniC (corrector = true) update from level s0 = {@code from} to
     * level from + 1, on the sample held in {@code sampleTerm} (X as a placeholder for the predictor).
     * m0 is the model output at level s0: model(0) for the predictor, model(1) for the corrector,
     * whose new output model(0) is the one at the target level.
     */
    private static Combination update(NoiseLevels levels, int from, Term sampleTerm, int m0Index, int order, boolean corrector) {
        NoiseLevel s0 = levels.get(from), t = levels.get(from + 1);
        Term sample = sampleTerm == null ? Term.X : sampleTerm;
        double h = t.lambda() - s0.lambda();
        int extra = order - 1; // earlier model outputs used
        double[] rks = new double[order];
        Combination[] d1 = new Combination[extra];
        Term m0 = model(m0Index);
        for (int i = 1; i <= extra; i++) {
            NoiseLevel si = levels.get(from - i);
            double rk = (si.lambda() - s0.lambda()) / h;
            rks[i - 1] = rk;
            d1[i - 1] = Combination.of(model(m0Index + i), 1 / rk).plus(m0, -1 / rk);
        }
        rks[order - 1] = 1;
        double hh = -h; // data prediction
        double hPhi1 = Math.expm1(hh), bH = Math.expm1(hh);
        double[][] r = new double[order][order];
        double[] b = new double[order];
        double hPhiK = hPhi1 / hh - 1, factorial = 1;
        for (int i = 1; i <= order; i++) {
            for (int j = 0; j < order; j++) r[i - 1][j] = Math.pow(rks[j], i - 1);
            b[i - 1] = hPhiK * factorial / bH;
            factorial *= i + 1;
            hPhiK = hPhiK / hh - 1 / factorial;
        }
        Combination result = Combination.of(sample, t.beta() / s0.beta()).plus(m0, -t.alpha() * hPhi1);
        Combination res = Combination.zero();
        if (corrector) {
            double[] rhos = order == 1 ? new double[] {0.5} : solve(r, b, order);
            for (int i = 0; i < extra; i++) res = res.plus(d1[i].times(rhos[i]));
            res = res.plus(Combination.of(Term.DENOISED, rhos[order - 1]).plus(m0, -rhos[order - 1]));
        } else if (extra > 0) {
            double[] rhos = order == 2 ? new double[] {0.5} : solve(r, b, order - 1);
            for (int i = 0; i < extra; i++) res = res.plus(d1[i].times(rhos[i]));
        }
        return result.plus(res.times(-t.alpha() * bH));
    }

    /** Solves the leading n×n block of r·ρ = b by Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] r, double[] b, int n) {
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(r[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) if (Math.abs(m[i][c]) > Math.abs(m[p][c])) p = i;
            double[] tmp = m[c];
            m[c] = m[p];
            m[p] = tmp;
            for (int i = c + 1; i < n; i++) {
                double f = m[i][c] / m[c][c];
                for (int j = c; j <= n; j++) m[i][j] -= f * m[c][j];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int j = i + 1; j < n; j++) s -= m[i][j] * x[j];
            x[i] = s / m[i][i];
        }
        return x;
    }
}
