package io.genkern.diffusion;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.Half;
import io.genkern.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sampler's whole trajectory through the fused step on the CPU backend against a plain float64
 * implementation of its reference formulas ({@link ReferenceSamplers}), on fresh random starts, with
 * guidance (and rescale), every parametrisation, f32 and f16 model outputs, and part-way starts.
 */
class SamplerReferenceTest {
    static final long SEED = TestSeeds.seed();

    static {
        System.out.println("SamplerReferenceTest seed " + SEED);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Parametrisation[] params = Parametrisation.values();
        int k = 0;
        for (String name : Samplers.NAMES) {
            for (int variant = 0; variant < 3; variant++, k++) {
                out.add(Arguments.of(name, params[k % 3], variant == 2 ? DType.F16 : DType.F32, variant == 1 ? 0.6 : 0.0,
                        variant == 1 ? 3 : 0));
            }
        }
        return out.stream();
    }

    /** The reference's model: the same guided prediction, rounded to the model's output dtype, converted in float64. */
    static double[] referenceDenoised(double[] xvp, NoiseLevel level, Parametrisation p, DType dtype, double scale,
                                      double phi, int batch) {
        int n = xvp.length, per = n / batch;
        double[] c = new double[n], u = new double[n], g = new double[n];
        for (int i = 0; i < n; i++) {
            float xf = (float) xvp[i];
            c[i] = round(GaussianDenoiser.predict(p, xf, level, 1.0), dtype);
            u[i] = round(GaussianDenoiser.predict(p, xf, level, 0.5), dtype);
            g[i] = scale > 0 ? u[i] + scale * (c[i] - u[i]) : c[i];
        }
        if (phi > 0) {
            for (int b = 0; b < batch; b++) {
                double f = 1 - phi + phi * std(c, b * per, per) / std(g, b * per, per);
                for (int i = b * per; i < (b + 1) * per; i++) g[i] *= f;
            }
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = p.toX0((float) xvp[i], g[i], level.alpha(), level.beta());
        return d;
    }

    static double round(double v, DType dtype) {
        return dtype == DType.F16 ? Half.f16ToFloat(Half.floatToF16((float) v)) : (float) v;
    }

    static double std(double[] v, int from, int n) {
        double m = 0, s = 0;
        for (int i = from; i < from + n; i++) m += v[i];
        m /= n;
        for (int i = from; i < from + n; i++) s += (v[i] - m) * (v[i] - m);
        return Math.sqrt(s / (n - 1));
    }

    @ParameterizedTest(name = "{0} {1} {2} rescale {3} start {4}")
    @MethodSource("cases")
    void fusedTrajectoryMatchesFloat64Reference(String name, Parametrisation param, DType dtype, double phi, int start) {
        Backend cpu = Backends.cpu();
        Random rng = new Random(SEED ^ name.hashCode() ^ param.ordinal());
        NoiseLevels levels = switch (rng.nextInt(3)) {
            case 0 -> NoiseLevels.of(NoiseSchedule.scaledLinear(), 12, TimestepSpacing.TRAILING, 0);
            case 1 -> NoiseLevels.of(NoiseSchedule.cosine(), 12, TimestepSpacing.LEADING, 1);
            default -> NoiseLevels.karras(NoiseSchedule.linear(), 12, 7);
        };
        int batch = 3, per = 40;
        long seed = rng.nextLong();
        double scale = 2.5;
        float[] startValues = new float[batch * per];
        for (int i = 0; i < startValues.length; i++) startValues[i] = (float) rng.nextGaussian();
        try (Tensor x0 = cpu.fromArray(startValues, batch, per)) {
            SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName(name), levels)
                    .seed(seed).guidance(1.0, 0.5, scale).rescale(phi).startStep(start).build();
            float[] fused;
            try (Tensor result = loop.run(cpu, new GaussianDenoiser(param, dtype), x0)) {
                fused = result.toFloatArray();
            }
            double[] startVp = new double[startValues.length];
            for (int i = 0; i < startVp.length; i++) startVp[i] = startValues[i];
            double[] ref = ReferenceSamplers.run(name, levels, startVp,
                    (x, level) -> referenceDenoised(x, level, param, dtype, scale, phi, batch),
                    (step, stage) -> philox(cpu, seed, 1 + 4 * step + stage, batch, per), start);
            double worst = 0, magnitude = 0;
            for (int i = 0; i < ref.length; i++) {
                assertTrue(Double.isFinite(fused[i]), name + ": element " + i + " is " + fused[i]);
                worst = Math.max(worst, Math.abs(fused[i] - ref[i]));
                magnitude = Math.max(magnitude, Math.abs(ref[i]));
            }
            // f32 state over 12 steps; f16 outputs are rounded identically on both sides.
            double tol = 2e-4 * Math.max(magnitude, 1);
            assertTrue(worst < tol, name + " " + param + " " + dtype + " on " + levels + ": max |fused − reference| = " + worst
                    + " (tolerance " + tol + ")");
        }
    }

    @org.junit.jupiter.api.Test
    void eulerWithChurnMatchesFloat64Reference() {
        Backend cpu = Backends.cpu();
        Random rng = new Random(SEED);
        NoiseLevels levels = NoiseLevels.karras(NoiseSchedule.scaledLinear(), 10, 7);
        int batch = 2, per = 50;
        long seed = rng.nextLong();
        float[] startValues = new float[batch * per];
        for (int i = 0; i < startValues.length; i++) startValues[i] = (float) rng.nextGaussian();
        double churn = 2.0;
        SamplingLoop<Double> loop = SamplingLoop.<Double>builder(new Euler(churn, 0, Double.POSITIVE_INFINITY, 1), levels)
                .seed(seed).conditioning(1.0).build();
        GaussianDenoiser model = new GaussianDenoiser(Parametrisation.EPSILON, DType.F32);
        try (Tensor x0 = cpu.fromArray(startValues, batch, per); Tensor result = loop.run(cpu, model, x0)) {
            float[] fused = result.toFloatArray();
            double[] startVp = new double[startValues.length];
            for (int i = 0; i < startVp.length; i++) startVp[i] = startValues[i];
            double[] ref = ReferenceSamplers.eulerChurn(levels, startVp,
                    (x, level) -> referenceDenoised(x, level, Parametrisation.EPSILON, DType.F32, 0, 0, batch),
                    (step, stage) -> philox(cpu, seed, 1 + 4 * step + stage, batch, per), churn);
            double worst = 0, magnitude = 0;
            for (int i = 0; i < ref.length; i++) {
                worst = Math.max(worst, Math.abs(fused[i] - ref[i]));
                magnitude = Math.max(magnitude, Math.abs(ref[i]));
            }
            assertTrue(worst < 2e-4 * Math.max(magnitude, 1), "euler with churn: max |fused − reference| = " + worst);
            assertEquals(10, model.calls, "churn adds a launch, not a model call");
        }
    }

    static double[] philox(Backend cpu, long seed, int step, int batch, int per) {
        try (Tensor t = cpu.allocate(DType.F32, batch, per)) {
            FusedStep.normal(t, seed, step, 0, cpu.currentStream());
            float[] f = t.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return d;
        }
    }
}
