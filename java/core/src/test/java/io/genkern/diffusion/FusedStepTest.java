package io.genkern.diffusion;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java side of one fused launch: every coefficient reaches the kernel, and native validation reaches Java. */
class FusedStepTest {
    final Backend cpu = Backends.cpu();

    @Test
    void everyTermReachesTheKernel() {
        Random rng = TestSeeds.random();
        int n = 2 * 24;
        float[][] v = new float[7][n];
        for (float[] a : v) for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        try (Tensor x = cpu.fromArray(v[0], 2, 24); Tensor aux = cpu.fromArray(v[1], 2, 24); Tensor h0 = cpu.fromArray(v[2], 2, 24);
             Tensor h1 = cpu.fromArray(v[3], 2, 24); Tensor h2 = cpu.fromArray(v[4], 2, 24); Tensor cond = cpu.fromArray(v[5], 2, 24);
             Tensor noise = cpu.fromArray(v[6], 2, 24); Tensor out = cpu.allocate(DType.F32, 2, 24);
             Tensor outAux = cpu.allocate(DType.F32, 2, 24); Tensor den = cpu.allocate(DType.F32, 2, 24);
             FusedStep step = new FusedStep()) {
            double[] c = new double[7];
            for (int k = 0; k < 7; k++) c[k] = rng.nextDouble() - 0.5;
            Combination o = Combination.of(Term.X, c[0]).plus(Term.AUX, c[1]).plus(Term.DENOISED, c[2]).plus(Term.H0, c[3])
                    .plus(Term.H1, c[4]).plus(Term.H2, c[5]).plus(Term.NOISE, c[6]);
            Combination a = Combination.of(Term.X, c[6]).plus(Term.AUX, c[5]).plus(Term.DENOISED, c[4]).plus(Term.H2, c[0]);
            step.model(cond, null).denoise(0.3, 0.8, 0).inputs(x, aux, h0, h1, h2).outputs(out, outAux, den)
                    .coefficients(o, a).noise(1, 2, noise).run(cpu.currentStream());
            float[] got = out.toFloatArray(), gotAux = outAux.toFloatArray(), gotDen = den.toFloatArray();
            for (int i = 0; i < n; i++) {
                double d = 0.3 * v[0][i] + 0.8 * v[5][i];
                double[] terms = {v[0][i], v[1][i], d, v[2][i], v[3][i], v[4][i], v[6][i]};
                assertEquals(d, gotDen[i], 1e-5);
                assertEquals(o.apply(terms), got[i], 1e-5, "out " + i);
                assertEquals(a.apply(terms), gotAux[i], 1e-5, "out_aux " + i);
            }
        }
    }

    @Test
    void nativeValidationNamesTheValues() {
        try (Tensor x = cpu.zeros(DType.F32, 2, 8); Tensor cond = cpu.zeros(DType.F32, 2, 9); FusedStep step = new FusedStep()) {
            step.model(cond, null).inputs(x, null).outputs(x, null, null).coefficients(Combination.of(Term.DENOISED, 1), null);
            GenkernException e = assertThrows(GenkernException.class, () -> step.run(cpu.currentStream()));
            assertTrue(e.getMessage().contains("cond has shape [2, 9] but x has shape [2, 8]"), e.getMessage());
        }
    }
}
