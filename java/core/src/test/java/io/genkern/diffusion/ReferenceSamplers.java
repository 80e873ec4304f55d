package io.genkern.diffusion;

/**
 * Plain float64 implementations of each sampler, written after the reference code's structure
 * (k-diffusion sampling.py for euler / euler_a / heun / dpmpp_2m / dpmpp_2m_sde in VE form, diffusers
 * scheduling_ddpm / ddim / unipc_multistep in VP form), independent of {@link Stage} and
 * {@link Combination}. They share only the model, the noise and the guidance with the fused path.
 */
final class ReferenceSamplers {
    /** The guided, parametrisation-converted x0 estimate for a VP sample at a level. */
    interface Model {
        double[] denoised(double[] xvp, NoiseLevel level);
    }

    /** Standard normal noise of step i, stage s (the same Philox values the fused step uses). */
    interface Noise {
        double[] get(int step, int stage);
    }

    private ReferenceSamplers() {}

    static double[] run(String name, NoiseLevels levels, double[] startVp, Model model, Noise noise, int start) {
        return switch (name) {
            case "euler" -> euler(levels, startVp, model, start);
            case "euler_a" -> eulerAncestral(levels, startVp, model, noise, start);
            case "heun" -> heun(levels, startVp, model, start);
            case "dpmpp_2m" -> dpmpp2m(levels, startVp, model, start);
            case "dpmpp_2m_sde" -> dpmpp2mSde(levels, startVp, model, noise, start);
            case "ddim" -> ddim(levels, startVp, model, start);
            case "ddpm" -> ddpm(levels, startVp, model, noise, start);
            case "unipc" -> unipc(levels, startVp, model, start);
            default -> throw new IllegalArgumentException(name);
        };
    }

    // ---- k-diffusion, VE form: x_ve = x_vp / a ---------------------------------------------------

    private static double[] ve(double[] xvp, NoiseLevel l) {
        double[] o = new double[xvp.length];
        for (int i = 0; i < o.length; i++) o[i] = xvp[i] / l.alpha();
        return o;
    }

    private static double[] vp(double[] xve, NoiseLevel l) {
        double[] o = new double[xve.length];
        for (int i = 0; i < o.length; i++) o[i] = xve[i] * l.alpha();
        return o;
    }

    private static double[] denoisedVe(Model m, double[] xve, NoiseLevel l) {
        return m.denoised(vp(xve, l), l);
    }

    static double[] euler(NoiseLevels levels, double[] startVp, Model m, int start) {
        double[] x = ve(startVp, levels.get(start));
        for (int i = start; i < levels.steps(); i++) {
            double s = levels.get(i).sigma(), sn = levels.get(i + 1).sigma();
            double[] d = denoisedVe(m, x, levels.get(i));
            for (int j = 0; j < x.length; j++) x[j] = x[j] + (x[j] - d[j]) / s * (sn - s);
        }
        return x; // at σ = 0, VE == VP
    }

    /** k-diffusion sample_euler with s_churn (s_tmin = 0, s_tmax = ∞, s_noise = 1); the model takes the level at σ̂. */
    static double[] eulerChurn(NoiseLevels levels, double[] startVp, Model m, Noise noise, double churn) {
        double[] x = ve(startVp, levels.get(0));
        for (int i = 0; i < levels.steps(); i++) {
            double s = levels.get(i).sigma(), sn = levels.get(i + 1).sigma();
            double gamma = Math.min(churn / levels.steps(), Math.sqrt(2) - 1), hat = s * (gamma + 1);
            double[] z = noise.get(i, 0);
            for (int j = 0; j < x.length; j++) x[j] += z[j] * Math.sqrt(hat * hat - s * s);
            double[] d = denoisedVe(m, x, levels.at(hat));
            for (int j = 0; j < x.length; j++) x[j] = x[j] + (x[j] - d[j]) / hat * (sn - hat);
        }
        return x;
    }

    static double[] eulerAncestral(NoiseLevels levels, double[] startVp, Model m, Noise noise, int start) {
        double[] x = ve(startVp, levels.get(start));
        for (int i = start; i < levels.steps(); i++) {
            double s = levels.get(i).sigma(), sn = levels.get(i + 1).sigma();
            double[] d = denoisedVe(m, x, levels.get(i));
            double up = Math.min(sn, Math.sqrt(sn * sn * (s * s - sn * sn) / (s * s)));
            double down = Math.sqrt(sn * sn - up * up);
            for (int j = 0; j < x.length; j++) x[j] = x[j] + (x[j] - d[j]) / s * (down - s);
            if (sn > 0) {
                double[] z = noise.get(i, 0);
                for (int j = 0; j < x.length; j++) x[j] += z[j] * up;
            }
        }
        return x;
    }

    static double[] heun(NoiseLevels levels, double[] startVp, Model m, int start) {
        double[] x = ve(startVp, levels.get(start));
        for (int i = start; i < levels.steps(); i++) {
            double s = levels.get(i).sigma(), sn = levels.get(i + 1).sigma(), dt = sn - s;
            double[] den = denoisedVe(m, x, levels.get(i));
            double[] d = new double[x.length];
            for (int j = 0; j < x.length; j++) d[j] = (x[j] - den[j]) / s;
            if (sn == 0) {
                for (int j = 0; j < x.length; j++) x[j] += d[j] * dt;
            } else {
                double[] x2 = new double[x.length];
                for (int j = 0; j < x.length; j++) x2[j] = x[j] + d[j] * dt;
                double[] den2 = denoisedVe(m, x2, levels.get(i + 1));
                for (int j = 0; j < x.length; j++) x[j] += (d[j] + (x2[j] - den2[j]) / sn) / 2 * dt;
            }
        }
        return x;
    }

    static double[] dpmpp2m(NoiseLevels levels, double[] startVp, Model m, int start) {
        double[] x = ve(startVp, levels.get(start)), old = null;
        for (int i = start; i < levels.steps(); i++) {
            double s = levels.get(i).sigma(), sn = levels.get(i + 1).sigma();
            double[] den = denoisedVe(m, x, levels.get(i));
            if (sn == 0) {
                x = den.clone();
            } else {
                double t = -Math.log(s), tn = -Math.log(sn), h = tn - t;
                if (old == null) {
                    for (int j = 0; j < x.length; j++) x[j] = sn / s * x[j] - Math.expm1(-h) * den[j];
                } else {
                    double hLast = t + Math.log(levels.get(i - 1).sigma()), r = hLast / h;
                    for (int j = 0; j < x.length; j++) {
                        double dd = (1 + 1 / (2 * r)) * den[j] - (1 / (2 * r)) * old[j];
                        x[j] = sn / s * x[j] - Math.expm1(-h) * dd;
                    }
                }
            }
            old = den;
        }
        return x;
    }

    static double[] dpmpp2mSde(NoiseLevels levels, double[] startVp, Model m, Noise noise, int start) {
        double[] x = ve(startVp, levels.get(start)), old = null;
        double hLast = 0;
        for (int i = start; i < levels.steps(); i++) {
            double s = levels.get(i).sigma(), sn = levels.get(i + 1).sigma();
            double[] den = denoisedVe(m, x, levels.get(i));
            if (sn == 0) {
                x = den.clone();
            } else {
                double h = -Math.log(sn) + Math.log(s), etaH = h;
                for (int j = 0; j < x.length; j++) x[j] = sn / s * Math.exp(-etaH) * x[j] - Math.expm1(-h - etaH) * den[j];
                if (old != null) {
                    double r = hLast / h;
                    for (int j = 0; j < x.length; j++) x[j] += 0.5 * -Math.expm1(-h - etaH) * (1 / r) * (den[j] - old[j]);
                }
                double[] z = noise.get(i, 0);
                for (int j = 0; j < x.length; j++) x[j] += z[j] * sn * Math.sqrt(-Math.expm1(-2 * etaH));
                hLast = h;
            }
            old = den;
        }
        return x;
    }

    // ---- diffusers, VP form -------------------------------------------------------------------------

    static double[] ddim(NoiseLevels levels, double[] startVp, Model m, int start) {
        double[] x = startVp.clone();
        for (int i = start; i < levels.steps(); i++) {
            double at = levels.get(i).alphaBar(), ap = levels.get(i + 1).alphaBar();
            double[] x0 = m.denoised(x, levels.get(i));
            for (int j = 0; j < x.length; j++) {
                double eps = (x[j] - Math.sqrt(at) * x0[j]) / Math.sqrt(1 - at);
                x[j] = Math.sqrt(ap) * x0[j] + Math.sqrt(1 - ap) * eps;
            }
        }
        return x;
    }

    static double[] ddpm(NoiseLevels levels, double[] startVp, Model m, Noise noise, int start) {
        double[] x = startVp.clone();
        for (int i = start; i < levels.steps(); i++) {
            double at = levels.get(i).alphaBar(), ap = levels.get(i + 1).alphaBar();
            double bt = 1 - at, bp = 1 - ap, curA = at / ap, curB = 1 - curA;
            double[] x0 = m.denoised(x, levels.get(i));
            double[] z = levels.get(i + 1).sigma() > 0 ? noise.get(i, 0) : null;
            double var = Math.max(bp / bt * curB, 1e-20);
            for (int j = 0; j < x.length; j++) {
                x[j] = Math.sqrt(ap) * curB / bt * x0[j] + Math.sqrt(curA) * bp / bt * x[j];
                if (z != null) x[j] += Math.sqrt(var) * z[j];
            }
        }
        return x;
    }

    /** diffusers UniPCMultistepScheduler.step with solver_order 2, bh2, predict_x0, lower_order_final. */
    static double[] unipc(NoiseLevels levels, double[] startVp, Model m, int start) {
        final int solverOrder = 2;
        int n = levels.steps();
        double[] sample = startVp.clone(), lastSample = null;
        double[][] outputs = new double[solverOrder][];
        int[] outputLevels = new int[solverOrder];
        int lowerOrderNums = 0, thisOrder = 1;
        for (int step = start; step < n; step++) {
            double[] mc = m.denoised(sample, levels.get(step));
            if (step > start && lastSample != null) {
                sample = uniC(levels, mc, lastSample, outputs, outputLevels, step, thisOrder);
            }
            for (int i = 0; i < solverOrder - 1; i++) {
                outputs[i] = outputs[i + 1];
                outputLevels[i] = outputLevels[i + 1];
            }
            outputs[solverOrder - 1] = mc;
            outputLevels[solverOrder - 1] = step;
            int order = Math.min(solverOrder, n - step);
            thisOrder = Math.min(order, lowerOrderNums + 1);
            lastSample = sample;
            sample = uniP(levels, sample, outputs, outputLevels, step, thisOrder);
            if (lowerOrderNums < solverOrder) lowerOrderNums++;
        }
        return sample;
    }

    private static double[] uniP(NoiseLevels levels, double[] x, double[][] outs, int[] lv, int step, int order) {
        NoiseLevel s0 = levels.get(step), t = levels.get(step + 1);
        double[] m0 = outs[outs.length - 1];
        if (t.sigma() == 0) return m0.clone(); // σ_t = 0: x_t = m0 (the λ = ∞ limit)
        double h = t.lambda() - s0.lambda(), hh = -h, hPhi1 = Math.expm1(hh), bH = Math.expm1(hh);
        double[] res = new double[x.length];
        if (order == 2) {
            double[] mi = outs[outs.length - 2];
            double rk = (levels.get(lv[outs.length - 2]).lambda() - s0.lambda()) / h;
            for (int j = 0; j < x.length; j++) res[j] = 0.5 * (mi[j] - m0[j]) / rk;
        }
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) out[j] = t.beta() / s0.beta() * x[j] - t.alpha() * hPhi1 * m0[j] - t.alpha() * bH * res[j];
        return out;
    }

    private static double[] uniC(NoiseLevels levels, double[] modelT, double[] last, double[][] outs, int[] lv, int step, int order) {
        NoiseLevel s0 = levels.get(step - 1), t = levels.get(step);
        double[] m0 = outs[outs.length - 1];
        double h = t.lambda() - s0.lambda(), hh = -h, hPhi1 = Math.expm1(hh), bH = Math.expm1(hh);
        double[] rhos;
        double rk = 0;
        double[] d1 = null;
        if (order == 1) {
            rhos = new double[] {0.5};
        } else {
            double[] mi = outs[outs.length - 2];
            rk = (levels.get(lv[outs.length - 2]).lambda() - s0.lambda()) / h;
            d1 = new double[last.length];
            for (int j = 0; j < last.length; j++) d1[j] = (mi[j] - m0[j]) / rk;
            // R = [[1, 1], [rk, 1]], b = [b1, b2]
            double hPhiK = hPhi1 / hh - 1;
            double b1 = hPhiK / bH;
            hPhiK = hPhiK / hh - 0.5;
            double b2 = hPhiK * 2 / bH;
            double det = 1 - rk;
            rhos = new double[] {(b1 - b2) / det, (b2 - rk * b1) / det};
        }
        double[] out = new double[last.length];
        for (int j = 0; j < last.length; j++) {
            double corr = d1 == null ? 0 : rhos[0] * d1[j];
            double d1t = modelT[j] - m0[j];
            out[j] = t.beta() / s0.beta() * last[j] - t.alpha() * hPhi1 * m0[j] - t.alpha() * bH * (corr + rhos[rhos.length - 1] * d1t);
        }
        return out;
    }
}
