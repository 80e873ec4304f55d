package io.genkern.diffusion;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop's behaviour: finiteness everywhere, determinism, progress, cancellation, part-way starts, inpainting, external noise. */
class SamplingLoopTest {
    final Backend cpu = Backends.cpu();
    final Random rng = TestSeeds.random();

    Tensor randomStart(long seed, int batch, int per) {
        Random r = new Random(seed);
        float[] v = new float[batch * per];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return cpu.fromArray(v, batch, per);
    }

    static Stream<NoiseLevels> allLevels() {
        List<NoiseLevels> out = new ArrayList<>();
        for (String schedule : new String[] {"linear", "scaled_linear", "cosine", "linear+zsnr", "scaled_linear+zsnr", "cosine+zsnr"}) {
            NoiseSchedule s = NoiseSchedule.byName(schedule, 1000);
            for (TimestepSpacing spacing : TimestepSpacing.values()) out.add(NoiseLevels.of(s, 8, spacing, spacing == TimestepSpacing.LEADING ? 1 : 0));
            out.add(NoiseLevels.karras(s, 8, 7));
            out.add(NoiseLevels.of(s, 1, TimestepSpacing.TRAILING, 0)); // a single step straight to σ = 0
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("allLevels")
    void everySamplerStaysFiniteAtEveryStep(NoiseLevels levels) {
        for (String name : Samplers.NAMES) {
            for (Parametrisation p : Parametrisation.values()) {
                SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName(name), levels).seed(rng.nextLong())
                        .guidance(1.0, 0.3, 4).rescale(0.5)
                        .progress(e -> {
                            for (float v : e.sample().toFloatArray()) assertTrue(Float.isFinite(v), name + " " + p + " step " + e.step() + " sample");
                            for (float v : e.denoised().toFloatArray()) assertTrue(Float.isFinite(v), name + " " + p + " step " + e.step() + " preview");
                        }).build();
                try (Tensor start = loop.initialNoise(cpu, 2, 16); Tensor out = loop.run(cpu, new GaussianDenoiser(p, DType.F16), start)) {
                    for (float v : out.toFloatArray()) assertTrue(Float.isFinite(v), name + " " + p + " on " + levels.schedule() + ": " + v);
                }
            }
        }
    }

    @Test
    void sameSeedSameSampleOnOneAndTwoThreads() {
        NoiseLevels levels = NoiseLevels.of(NoiseSchedule.scaledLinear(), 10, TimestepSpacing.TRAILING, 0);
        long seed = rng.nextLong();
        for (String name : new String[] {"euler_a", "ddpm", "dpmpp_2m_sde", "unipc"}) {
            float[][] results = new float[3][];
            int[] threads = {1, 2, 2};
            for (int k = 0; k < 3; k++) {
                Backends.setCpuThreads(threads[k]);
                SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName(name), levels)
                        .seed(k == 2 ? seed + 1 : seed).guidance(1.0, 0.5, 3).rescale(0.7).build();
                // 3 × 20000 elements: several worker chunks per sample.
                try (Tensor start = loop.initialNoise(cpu, 3, 20000); Tensor out = loop.run(cpu, new GaussianDenoiser(Parametrisation.V, DType.F32), start)) {
                    results[k] = out.toFloatArray();
                }
            }
            Backends.setCpuThreads(0);
            assertArrayEquals(results[0], results[1], name + ": 1 and 2 threads give the same sample");
            assertFalse(Arrays.equals(results[0], results[2]), name + ": another seed gives another sample");
        }
    }

    @Test
    void progressPreviewsAndCancellation() {
        NoiseLevels levels = NoiseLevels.karras(NoiseSchedule.linear(), 6, 7);
        List<Integer> seen = new ArrayList<>();
        double[] previewSpread = new double[6];
        GaussianDenoiser model = new GaussianDenoiser(Parametrisation.EPSILON, DType.F32);
        SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName("heun"), levels).conditioning(1.0)
                .progress(e -> {
                    seen.add(e.step());
                    assertEquals(6, e.steps());
                    float[] d = e.denoised().toFloatArray();
                    double s = 0;
                    for (float v : d) s += v * v;
                    previewSpread[e.step()] = Math.sqrt(s / d.length);
                }).build();
        try (Tensor start = randomStart(1, 2, 32); Tensor out = loop.run(cpu, model, start)) {
            assertEquals(List.of(0, 1, 2, 3, 4, 5), seen);
            assertEquals(6 * 2 - 1, model.calls, "Heun: two calls per step, one on the last");
            assertTrue(previewSpread[5] > 0, "the preview is written");
        }
        int[] checks = {0};
        SamplingLoop<Double> cancelling = SamplingLoop.<Double>builder(Samplers.byName("euler"), levels).conditioning(1.0)
                .cancellation(() -> ++checks[0] > 3).build();
        long before = cpu.bytesInUse();
        try (Tensor start = randomStart(2, 2, 32)) {
            assertThrows(CancellationException.class, () -> cancelling.run(cpu, model, start));
        }
        assertEquals(before, cpu.bytesInUse(), "a cancelled run releases its buffers");
        assertEquals(4, checks[0]);
    }

    @Test
    void partWayStartRunsTheRemainingSteps() {
        NoiseLevels levels = NoiseLevels.of(NoiseSchedule.cosine(), 20, TimestepSpacing.TRAILING, 0);
        assertEquals(12, SamplingLoop.startStepForStrength(20, 0.4));
        GaussianDenoiser model = new GaussianDenoiser(Parametrisation.X0, DType.F32);
        SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName("dpmpp_2m"), levels).conditioning(1.0)
                .strength(0.4).seed(3).build();
        assertEquals(12, loop.startStep());
        float[] clean = new float[64];
        for (int i = 0; i < 64; i++) clean[i] = (float) Math.sin(i);
        try (Tensor x0 = cpu.fromArray(clean, 1, 64); Tensor start = loop.noisedStart(x0); Tensor out = loop.run(cpu, model, start)) {
            assertEquals(8, model.calls);
            // Noised to the start level: a·x0 + b·ξ.
            NoiseLevel l = levels.get(12);
            float[] s = start.toFloatArray();
            double mean = 0;
            for (int i = 0; i < 64; i++) mean += (s[i] - l.alpha() * clean[i]) / l.beta() / 64;
            assertTrue(Math.abs(mean) < 0.6, "noise has mean ~0: " + mean);
        }
    }

    @Test
    void inpaintingKeepsKnownValues() {
        NoiseLevels levels = NoiseLevels.of(NoiseSchedule.scaledLinear(), 15, TimestepSpacing.TRAILING, 0);
        int n = 2 * 50;
        float[] mask = new float[n], known = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = i % 3 == 0 ? 1 : 0;
            known[i] = (float) rng.nextGaussian();
        }
        for (String name : Samplers.NAMES) {
            try (Tensor m = cpu.fromArray(mask, 2, 50); Tensor k = cpu.fromArray(known, 2, 50)) {
                SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName(name), levels).conditioning(1.0)
                        .inpaint(m, k).seed(rng.nextLong()).build();
                try (Tensor start = loop.initialNoise(cpu, 2, 50); Tensor out = loop.run(cpu, new GaussianDenoiser(Parametrisation.EPSILON, DType.F32), start)) {
                    float[] o = out.toFloatArray();
                    for (int i = 0; i < n; i += 3) assertEquals(known[i], o[i], 0, name + ": known element " + i);
                }
            }
        }
    }

    @Test
    void externalNoiseReplacesPhilox() {
        NoiseLevels levels = NoiseLevels.of(NoiseSchedule.linear(), 5, TimestepSpacing.LEADING, 1);
        float[][] noise = new float[5][64];
        for (float[] row : noise) for (int i = 0; i < 64; i++) row[i] = (float) rng.nextGaussian();
        float[][] results = new float[2][];
        for (int k = 0; k < 2; k++) {
            List<Tensor> made = new ArrayList<>();
            SamplingLoop<Double> loop = SamplingLoop.<Double>builder(Samplers.byName("ddpm"), levels).conditioning(1.0).seed(k)
                    .externalNoise(step -> { Tensor t = cpu.fromArray(noise[step], 1, 64); made.add(t); return t; }).build();
            try (Tensor start = randomStart(5, 1, 64); Tensor out = loop.run(cpu, new GaussianDenoiser(Parametrisation.EPSILON, DType.F32), start)) {
                results[k] = out.toFloatArray();
            }
            made.forEach(Tensor::close);
        }
        assertArrayEquals(results[0], results[1], "with external noise the seed does not matter");
    }
}
