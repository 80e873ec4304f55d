package io.genkern.hostile;

import io.genkern.Backends;
import io.genkern.GenkernException;
import io.genkern.diffusion.EmpiricalDenoiser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Data that made `genkern sample` return all-NaN samples with exit 0. */
class SamplingHostileTest {
    @Test
    void nonFiniteOrHugeDataIsRefusedWithItsRow() {
        float[] nan = {1, 2, 3, Float.NaN, 5, 6};
        assertTrue(assertThrows(GenkernException.class, () -> new EmpiricalDenoiser(Backends.cpu(), nan, 3, 2)).getMessage()
                .contains("data row 1, feature 1 is NaN"));
        float[] inf = {1, 2, Float.POSITIVE_INFINITY, 4};
        assertTrue(assertThrows(GenkernException.class, () -> new EmpiricalDenoiser(Backends.cpu(), inf, 2, 2)).getMessage()
                .contains("data row 1, feature 0 is Infinity"));
        float[] huge = {1, 2, 1e18f, 0};
        assertTrue(assertThrows(GenkernException.class, () -> new EmpiricalDenoiser(Backends.cpu(), huge, 2, 2)).getMessage()
                .contains("data row 1 has norm 1.00e+18; beyond 1e+10"));
        try (EmpiricalDenoiser fine = new EmpiricalDenoiser(Backends.cpu(), new float[] {1e9f, 0, 0, 1e9f}, 2, 2)) {
            assertEquals(2, fine.dim());
        }
    }

    @Test
    void samplerNamesAreOneRuleInAnyCase() {
        assertEquals("ddim", io.genkern.diffusion.Samplers.canonicalName(" DDIM "));
        assertEquals("euler_a", io.genkern.diffusion.Samplers.canonicalName("Euler_Ancestral"));
        String message = assertThrows(GenkernException.class, () -> io.genkern.diffusion.Samplers.canonicalName("plms")).getMessage();
        assertEquals("unknown sampler 'plms'; expected one of [ddpm, ddim, euler, euler_a, heun, dpmpp_2m, dpmpp_2m_sde, unipc]", message);
        assertEquals(message, assertThrows(GenkernException.class, () -> io.genkern.diffusion.Samplers.byName("plms")).getMessage());
        assertEquals(message, assertThrows(GenkernException.class,
                () -> io.genkern.motion.generate.MotionGenerator.Request.builder().sampler("plms")).getMessage());
    }
}
