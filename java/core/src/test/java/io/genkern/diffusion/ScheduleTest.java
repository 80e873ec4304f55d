package io.genkern.diffusion;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules, spacings, Karras levels and parametrisations against published numbers and identities. */
class ScheduleTest {
    static int[] range(int first, int step, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = first + i * step;
        return out;
    }

    @Test
    void spacingsMatchDiffusers() {
        // diffusers set_timesteps(50) on 1000 training steps.
        assertArrayEquals(range(981, -20, 50), TimestepSpacing.LEADING.timesteps(1000, 50, 1));
        assertArrayEquals(range(980, -20, 50), TimestepSpacing.LEADING.timesteps(1000, 50, 0));
        assertArrayEquals(range(999, -20, 50), TimestepSpacing.TRAILING.timesteps(1000, 50, 0));
        int[] lin = TimestepSpacing.LINSPACE.timesteps(1000, 50, 0);
        assertEquals(999, lin[0]);
        assertEquals(0, lin[49]);
        assertEquals(Math.rint(999.0 * 48 / 49), lin[1]);
        // Non-divisible counts: leading uses T // N, trailing rounds T/N multiples.
        assertArrayEquals(new int[] {999, 666, 332}, TimestepSpacing.TRAILING.timesteps(1000, 3, 0));
        assertArrayEquals(new int[] {667, 334, 1}, TimestepSpacing.LEADING.timesteps(1000, 3, 1));
        assertThrows(GenkernException.class, () -> TimestepSpacing.LEADING.timesteps(1000, 0, 1));
    }

    @Test
    void schedulesMatchPublishedValues() {
        // Stable Diffusion (scaled_linear 0.00085 → 0.012): σ from 0.0291675 to 14.614642 (k-diffusion,
        // diffusers); terminal sqrt(ᾱ) 0.068265 (Lin et al. 2023, Table 1); linear DDPM: 0.006353.
        NoiseSchedule sd = NoiseSchedule.scaledLinear();
        assertEquals(0.0291675, sd.sigmaMin(), 1e-6);
        assertEquals(14.614642, sd.sigmaMax(), 1e-5);
        assertEquals(0.068265, Math.sqrt(sd.alphaBar(999)), 1e-6);
        assertEquals(0.006353, Math.sqrt(NoiseSchedule.linear().alphaBar(999)), 1e-6);
        assertEquals(1 - 1e-4, NoiseSchedule.linear().alphaBar(0), 1e-15);
        // Cosine (MDM): ᾱ_t = f(t+1)/f(0) while no β is capped; ᾱ_999 is tiny but positive.
        NoiseSchedule cos = NoiseSchedule.cosine();
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        double f500 = Math.pow(Math.cos((500.0 / 1000 + 0.008) / 1.008 * Math.PI / 2), 2);
        assertEquals(f500 / f0, cos.alphaBar(499), 1e-12);
        assertTrue(cos.alphaBar(999) > 0 && cos.alphaBar(999) < 1e-6);
    }

    @Test
    void zeroTerminalSnrRescales() {
        for (NoiseSchedule base : new NoiseSchedule[] {NoiseSchedule.linear(), NoiseSchedule.scaledLinear(), NoiseSchedule.cosine()}) {
            NoiseSchedule z = base.withZeroTerminalSnr();
            assertEquals(0, z.alphaBar(999));
            assertEquals(base.alphaBar(0), z.alphaBar(0), 1e-12);
            for (int t = 1; t < 1000; t++) assertTrue(z.alphaBar(t) <= z.alphaBar(t - 1));
            // σ is finite: ᾱ is clamped to 2^-24 for sampling.
            assertEquals(Math.sqrt((1 - 0x1p-24) / 0x1p-24), z.sigmaMax(), 1e-6);
        }
        assertEquals("scaled_linear+zsnr", NoiseSchedule.byName("scaled_linear+zsnr", 1000).name());
    }

    @Test
    void timestepAndSigmaInterpolationInvert() {
        NoiseSchedule s = NoiseSchedule.scaledLinear();
        Random rng = TestSeeds.random();
        for (int i = 0; i < 100; i++) {
            int t = rng.nextInt(1000);
            assertEquals(t, s.timestepOf(s.sigma(t)), 1e-9);
            double ft = rng.nextDouble() * 999;
            assertEquals(ft, s.timestepOf(s.sigmaAt(ft)), 1e-7);
        }
    }

    @Test
    void karrasLevels() {
        NoiseLevels k = NoiseLevels.karras(10, 0.002, 80, 7);
        assertEquals(10, k.steps());
        assertEquals(80, k.get(0).sigma(), 1e-12);
        assertEquals(0.002, k.get(9).sigma(), 1e-12);
        assertEquals(0, k.get(10).sigma());
        double mid = Math.pow((Math.pow(80, 1 / 7.0) + 4 / 9.0 * (Math.pow(0.002, 1 / 7.0) - Math.pow(80, 1 / 7.0))), 7);
        assertEquals(mid, k.get(4).sigma(), 1e-12);
        NoiseLevels sd = NoiseLevels.karras(NoiseSchedule.scaledLinear(), 20, 7);
        assertEquals(999, sd.get(0).timestep(), 1e-9);
        assertEquals(0, sd.get(19).timestep(), 1e-9);
    }

    @Test
    void levelsFromTimesteps() {
        NoiseSchedule s = NoiseSchedule.linear();
        NoiseLevels l = NoiseLevels.of(s, 50, TimestepSpacing.LEADING, 1);
        assertEquals(981, l.get(0).timestep());
        assertEquals(s.sigma(981), l.get(0).sigma());
        assertEquals(Math.sqrt(s.alphaBar(981)), l.get(0).alpha(), 1e-12);
        assertEquals(Math.sqrt(1 - s.alphaBar(981)), l.get(0).beta(), 1e-12);
        assertEquals(0, l.get(50).sigma());
    }

    @Test
    void parametrisationsConvertExactly() {
        Random rng = TestSeeds.random();
        for (int i = 0; i < 100; i++) {
            NoiseLevel level = new NoiseLevel(Math.exp(rng.nextGaussian() * 2), 0);
            double a = level.alpha(), b = level.beta(), x0 = rng.nextGaussian(), eps = rng.nextGaussian();
            double x = a * x0 + b * eps;
            for (Parametrisation p : Parametrisation.values()) {
                double pred = p.fromX0AndEpsilon(x0, eps, a, b);
                assertEquals(x0, p.toX0(x, pred, a, b), 1e-9 * (1 + Math.abs(x0)));
                assertEquals(eps, p.toEpsilon(x, pred, a, b), 1e-9 * (1 + Math.abs(eps)));
                for (Parametrisation q : Parametrisation.values()) {
                    assertEquals(q.fromX0AndEpsilon(x0, eps, a, b), p.convert(q, x, pred, a, b), 1e-8);
                }
            }
        }
        assertEquals(Parametrisation.V, Parametrisation.byName("v_prediction"));
    }

    @Test
    void samplersByName() {
        for (String name : Samplers.NAMES) assertEquals(name, Samplers.byName(name).name());
        assertTrue(!Samplers.byName("ddim").stochastic(), "DDIM defaults to η = 0");
        assertTrue(Samplers.byName("ddim", Samplers.Options.defaults().withEta(1)).stochastic());
        GenkernException e = assertThrows(GenkernException.class, () -> Samplers.byName("plms"));
        assertTrue(e.getMessage().contains("plms") && e.getMessage().contains("dpmpp_2m"), e.getMessage());
    }
}
