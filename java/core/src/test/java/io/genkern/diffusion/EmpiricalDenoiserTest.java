package io.genkern.diffusion;

import io.genkern.testing.TestSeeds;
import io.genkern.Backends;
import io.genkern.Scope;
import io.genkern.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The closed-form denoiser over data rows, through the fused attention on the CPU backend. */
class EmpiricalDenoiserTest {
    private final Random random = TestSeeds.random();

    @Test
    void aSingleDataPointIsReturnedFromAnyInput() {
        int dim = 1 + random.nextInt(40);
        float[] point = new float[dim];
        for (int d = 0; d < dim; d++) point[d] = (float) random.nextGaussian();
        try (Scope scope = Scope.open(); EmpiricalDenoiser denoiser = new EmpiricalDenoiser(Backends.cpu(), point, 1, dim)) {
            float[] x = new float[3 * dim];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian() * 3;
            Tensor out = Backends.cpu().allocate(io.genkern.DType.F32, 3, dim);
            denoiser.predict(Backends.cpu().fromArray(x, 3, dim), new NoiseLevel(0.5 + random.nextDouble(), 500), null, out);
            float[] got = out.toFloatArray();
            for (int i = 0; i < got.length; i++) assertEquals(point[i % dim], got[i], 1e-5);
        }
    }

    @Test
    void samplesLandOnDataRows() {
        int rows = 5, dim = 8, samples = 4;
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) data[i] = (float) random.nextGaussian() * 2;
        NoiseLevels levels = NoiseLevels.of(NoiseSchedule.cosine(), 50, TimestepSpacing.TRAILING, 1);
        SamplingLoop<Void> loop = SamplingLoop.<Void>builder(Samplers.byName("ddim"), levels).seed(random.nextLong()).build();
        try (Scope scope = Scope.open(); EmpiricalDenoiser denoiser = new EmpiricalDenoiser(Backends.cpu(), data, rows, dim)) {
            float[] x = scope.add(loop.run(Backends.cpu(), denoiser, loop.initialNoise(Backends.cpu(), samples, dim))).toFloatArray();
            for (int s = 0; s < samples; s++) {
                double nearest = Double.POSITIVE_INFINITY;
                for (int r = 0; r < rows; r++) {
                    double d = 0;
                    for (int k = 0; k < dim; k++) d += Math.pow(x[s * dim + k] - data[r * dim + k], 2);
                    nearest = Math.min(nearest, Math.sqrt(d));
                }
                assertTrue(nearest < 1e-2, "sample " + s + " is " + nearest + " from the nearest data row");
            }
        }
    }
}
