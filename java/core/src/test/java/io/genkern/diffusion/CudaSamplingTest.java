package io.genkern.diffusion;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.GpuTests;
import io.genkern.DType;
import io.genkern.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CUDA backend against the CPU backend: bit-identical noise, and every sampler's trajectory within f32 rounding. */
@Tag("gpu")
class CudaSamplingTest {
    Backend cuda;

    @BeforeEach
    void device() {
        cuda = GpuTests.cudaOrSkip();
    }

    @Test
    void noiseIsBitIdentical() {
        long seed = TestSeeds.seed();
        try (Tensor c = Backends.cpu().allocate(DType.F32, 3, 100003); Tensor g = cuda.allocate(DType.F32, 3, 100003)) {
            FusedStep.normal(c, seed, 7, 0, Backends.cpu().currentStream());
            FusedStep.normal(g, seed, 7, 0, cuda.currentStream());
            float[] a = c.toFloatArray(), b = g.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertTrue(Float.floatToRawIntBits(a[i]) == Float.floatToRawIntBits(b[i]), "element " + i + ": " + a[i] + " vs " + b[i]);
            }
        }
    }

    @Test
    void everySamplerMatchesTheCpu() {
        NoiseLevels levels = NoiseLevels.of(NoiseSchedule.scaledLinear(), 12, TimestepSpacing.TRAILING, 0);
        for (String name : Samplers.NAMES) {
            float[][] results = new float[2][];
            Backend[] backends = {Backends.cpu(), cuda};
            for (int k = 0; k < 2; k++) {
                SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName(name), levels).seed(11)
                        .guidance(1.0, 0.5, 3).rescale(0.5).build();
                try (Tensor start = loop.initialNoise(backends[k], 2, 4099);
                     Tensor out = loop.run(backends[k], new GaussianDenoiser(Parametrisation.V, DType.F32), start)) {
                    results[k] = out.toFloatArray();
                }
            }
            double worst = 0;
            for (int i = 0; i < results[0].length; i++) worst = Math.max(worst, Math.abs(results[0][i] - results[1][i]) / (1 + Math.abs(results[0][i])));
            assertTrue(worst < 1e-4, name + ": CUDA vs CPU worst relative difference " + worst);
        }
    }

    @Test
    void startNoiseIsTheSameOnBothBackends() {
        SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName("euler"), NoiseLevels.karras(4, 0.1, 10, 7)).seed(5).build();
        try (Tensor a = loop.initialNoise(Backends.cpu(), 5, 17); Tensor b = loop.initialNoise(cuda, 5, 17)) {
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        }
    }
}
