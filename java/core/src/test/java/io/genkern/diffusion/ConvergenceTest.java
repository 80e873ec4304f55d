package io.genkern.diffusion;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gaussian data x0 ~ N(0, s²): the denoiser is exact (D = s²/(s² + σ²)·x_ve) and the probability-flow
 * ODE has the closed form x_ve(σ) = x_ve(σ_max)·sqrt(s² + σ²)/sqrt(s² + σ_max²). A deterministic
 * sampler's error at the last non-zero level must fall with the step count at the sampler's order:
 * the fitted log-log slope over 10 / 20 / 40 steps.
 */
class ConvergenceTest {
    static final double S = 0.7, SIGMA_MIN = 0.02, SIGMA_MAX = 20;

    @ParameterizedTest(name = "{0}: order {1}")
    @CsvSource({"euler, 1", "ddim, 1", "heun, 2", "dpmpp_2m, 2", "unipc, 2"})
    void errorFallsAtTheSamplersOrder(String name, int order) {
        Backend cpu = Backends.cpu();
        int[] steps = {10, 20, 40};
        double[] errors = new double[steps.length];
        long seed = TestSeeds.seed();
        for (int k = 0; k < steps.length; k++) errors[k] = error(cpu, name, steps[k], seed);
        double slope = slope(steps, errors);
        System.out.printf("%s: errors %.3e %.3e %.3e, slope %.2f%n", name, errors[0], errors[1], errors[2], slope);
        assertTrue(slope > order - 0.25, name + " converges with slope " + slope + ", expected about " + order
                + " (errors " + errors[0] + ", " + errors[1] + ", " + errors[2] + ")");
        assertTrue(errors[2] < 0.1, name + " at 40 steps is off by " + errors[2]);
    }

    /** Max relative error at σ_min (the level before the final jump to 0). */
    static double error(Backend cpu, String name, int n, long seed) {
        NoiseLevels levels = NoiseLevels.karras(n, SIGMA_MIN, SIGMA_MAX, 7);
        int batch = 2, per = 64;
        float[] xT = new float[batch * per];
        Random rng = new Random(seed);
        NoiseLevel top = levels.get(0);
        for (int i = 0; i < xT.length; i++) xT[i] = (float) (rng.nextGaussian() * Math.sqrt(S * S + SIGMA_MAX * SIGMA_MAX) * top.alpha());
        float[][] atSigmaMin = new float[1][];
        SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName(name), levels).conditioning(S)
                .progress(e -> { if (e.step() == n - 2) atSigmaMin[0] = e.sample().toFloatArray(); }).build();
        try (Tensor start = cpu.fromArray(xT, batch, per);
             Tensor out = loop.run(cpu, new GaussianDenoiser(Parametrisation.EPSILON, DType.F32), start)) {
            NoiseLevel last = levels.get(n - 1);
            double worst = 0, scale = 0;
            for (int i = 0; i < xT.length; i++) {
                double xveT = xT[i] / top.alpha();
                double exact = xveT * Math.sqrt(S * S + SIGMA_MIN * SIGMA_MIN) / Math.sqrt(S * S + SIGMA_MAX * SIGMA_MAX) * last.alpha();
                worst = Math.max(worst, Math.abs(atSigmaMin[0][i] - exact));
                scale = Math.max(scale, Math.abs(exact));
            }
            return worst / scale;
        }
    }

    static double slope(int[] n, double[] err) {
        double mx = 0, my = 0;
        for (int i = 0; i < n.length; i++) {
            mx += Math.log(n[i]) / n.length;
            my += Math.log(err[i]) / n.length;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n.length; i++) {
            double dx = Math.log(n[i]) - mx;
            sxy += dx * (Math.log(err[i]) - my);
            sxx += dx * dx;
        }
        return -sxy / sxx;
    }
}
