package io.genkern.attention;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Half;
import io.genkern.Scope;
import io.genkern.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The Java API of the fused attention on the CPU backend, against a float64 reference. */
class AttentionTest {
    private final Random random = TestSeeds.random();
    private final Backend cpu = Backends.cpu();

    private float[] gaussian(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
        return x;
    }

    private static float[] roundTo(DType dt, float[] x) {
        float[] r = x.clone();
        for (int i = 0; i < r.length; i++) {
            if (dt == DType.F16) r[i] = Half.f16ToFloat(Half.floatToF16(r[i]));
            if (dt == DType.BF16) r[i] = Half.bf16ToFloat(Half.floatToBf16(r[i]));
        }
        return r;
    }

    private static double maxError(double[] ref, float[] got) {
        double e = 0;
        for (int i = 0; i < ref.length; i++) {
            if (Float.isNaN(got[i])) return Double.POSITIVE_INFINITY;
            e = Math.max(e, Math.abs(ref[i] - got[i]));
        }
        return e;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void matchesFloat64ReferenceWithGqaBiasMaskAndLse(DType dt) {
        int b = 2, hq = 4, hkv = 2, n = 7, m = 13, dk = 24, dv = 40;
        float[] q = roundTo(dt, gaussian(b * hq * n * dk)), k = roundTo(dt, gaussian(b * hkv * m * dk));
        float[] v = roundTo(dt, gaussian(b * hkv * m * dv)), bias = gaussian(b * hkv * m), mask = gaussian(b * hq * n * m);
        double scale = 0.3;
        double[] lseRef = new double[b * hq * n];
        double[] ref = AttentionReference.attention(q, k, v, b, hq, hkv, n, m, dk, dv, scale, bias, mask, null, false, lseRef);
        try (Scope scope = Scope.open()) {
            Tensor lse = cpu.allocate(DType.F32, b, hq, n).fill(Double.NaN);
            AttentionOptions opts = AttentionOptions.builder().scale((float) scale).bias(cpu.fromArray(bias, b, hkv, m))
                    .mask(cpu.fromArray(mask, b, hq, n, m)).lse(lse).build();
            Tensor out = Attention.forward(tensor(dt, q, b, hq, n, dk), tensor(dt, k, b, hkv, m, dk), tensor(dt, v, b, hkv, m, dv), opts);
            double tol = dt == DType.F32 ? 1e-5 : dt == DType.F16 ? 4e-3 : 3e-2;
            assertEquals(0, maxError(ref, out.toFloatArray()), tol, "output vs float64 reference (" + dt + ")");
            assertEquals(0, maxError(lseRef, lse.toFloatArray()), 1e-4, "lse vs float64 reference");
        }
    }

    @Test
    void bnhdLayoutThroughStridesCausalAndKeyLengths() {
        int b = 2, h = 3, n = 5, m = 9, d = 32;
        float[] qBnhd = gaussian(b * n * h * d), k = gaussian(b * h * m * d), v = gaussian(b * h * m * d);
        // The reference takes [B, H, N, D]: transpose the [B, N, H, D] query.
        float[] q = new float[qBnhd.length];
        for (int bi = 0; bi < b; bi++)
            for (int i = 0; i < n; i++)
                for (int hi = 0; hi < h; hi++)
                    System.arraycopy(qBnhd, ((bi * n + i) * h + hi) * d, q, ((bi * h + hi) * n + i) * d, d);
        int[] lengths = {m, 0};
        double[] ref = AttentionReference.attention(q, k, v, b, h, h, n, m, d, d, 1 / Math.sqrt(d), null, null, lengths, true, null);
        try (Scope scope = Scope.open()) {
            Tensor qView = cpu.fromArray(qBnhd, b, n, h, d).permute(0, 2, 1, 3);
            Tensor kl = cpu.allocate(DType.I32, b).copyFrom(lengths);
            AttentionOptions opts = AttentionOptions.builder().causal(true).keyLengths(kl).build();
            float[] out = Attention.forward(qView, cpu.fromArray(k, b, h, m, d), cpu.fromArray(v, b, h, m, d), opts).toFloatArray();
            assertEquals(0, maxError(ref, out), 1e-5);
            for (int i = b * h * n * d / 2; i < out.length; i++) assertEquals(0f, out[i], "batch entry with no keys gives zeros");
        }
    }

    @Test
    void segmentsAttendAsIfConcatenated() {
        int b = 1, h = 2, n = 4, m1 = 6, m2 = 5, d = 16;
        float[] q = gaussian(b * h * n * d), k1 = gaussian(b * h * m1 * d), v1 = gaussian(b * h * m1 * d);
        float[] k2 = gaussian(b * h * m2 * d), v2 = gaussian(b * h * m2 * d);
        float s1 = 0.25f, s2 = 0.7f, c2 = -0.4f;
        // Concatenate along M with each segment's scale folded into its keys and its constant bias as per-key bias.
        float[] k = new float[b * h * (m1 + m2) * d], v = new float[k.length], bias = new float[b * h * (m1 + m2)];
        for (int hi = 0; hi < h; hi++) {
            for (int j = 0; j < m1; j++) {
                for (int x = 0; x < d; x++) {
                    k[(hi * (m1 + m2) + j) * d + x] = k1[(hi * m1 + j) * d + x] * s1;
                    v[(hi * (m1 + m2) + j) * d + x] = v1[(hi * m1 + j) * d + x];
                }
            }
            for (int j = 0; j < m2; j++) {
                bias[hi * (m1 + m2) + m1 + j] = c2;
                for (int x = 0; x < d; x++) {
                    k[(hi * (m1 + m2) + m1 + j) * d + x] = k2[(hi * m2 + j) * d + x] * s2;
                    v[(hi * (m1 + m2) + m1 + j) * d + x] = v2[(hi * m2 + j) * d + x];
                }
            }
        }
        double[] ref = AttentionReference.attention(q, k, v, b, h, h, n, m1 + m2, d, d, 1.0, bias, null, null, false, null);
        try (Scope scope = Scope.open()) {
            KvSegment second = KvSegment.of(cpu.fromArray(k2, b, h, m2, d), cpu.fromArray(v2, b, h, m2, d)).scale(s2).biasConst(c2);
            AttentionOptions opts = AttentionOptions.builder().scale(s1).segments(second).build();
            float[] out = Attention.forward(cpu.fromArray(q, b, h, n, d), cpu.fromArray(k1, b, h, m1, d),
                    cpu.fromArray(v1, b, h, m1, d), opts).toFloatArray();
            assertEquals(0, maxError(ref, out), 1e-5);
        }
    }

    @Test
    void errorsNameTheOffendingValues() {
        try (Scope scope = Scope.open()) {
            Tensor q = cpu.allocate(DType.F32, 1, 8, 4, 80), k = cpu.allocate(DType.F32, 1, 8, 6, 64);
            Tensor v = cpu.allocate(DType.F32, 1, 8, 6, 64);
            assertMessage("k has head dim 64 but q has 80", () -> Attention.forward(q, k, v));
            Tensor q64 = cpu.allocate(DType.F32, 1, 8, 4, 64), k3 = cpu.allocate(DType.F32, 1, 3, 6, 64);
            assertMessage("number of heads in key/value (3) must divide number of heads in query (8)",
                    () -> Attention.forward(q64, k3, cpu.allocate(DType.F32, 1, 3, 6, 64)));
            assertMessage("expected q, k and v to have the same dtype, but got q: f32, k: bf16, v: f32",
                    () -> Attention.forward(q64, cpu.allocate(DType.BF16, 1, 8, 6, 64), v));
            assertMessage("mask has shape [1, 8, 3, 6], not broadcastable to [1, 8, 4, 6] (dimension 2 is 3)",
                    () -> Attention.forward(q64, k, v, AttentionOptions.builder().mask(cpu.allocate(DType.F32, 1, 8, 3, 6)).build()));
            assertMessage("q must have 4 dimensions but has 3 (shape [8, 4, 64])",
                    () -> Attention.forward(cpu.allocate(DType.F32, 8, 4, 64), k, v));
            assertMessage("the flash path needs Dk == Dv in {32, 64, 80, 96, 128, 256}; got Dk = 64, Dv = 40",
                    () -> Attention.forward(q64, k, cpu.allocate(DType.F32, 1, 8, 6, 40),
                            AttentionOptions.builder().path(AttentionPath.FLASH).build()));
            Tensor lengths = cpu.allocate(DType.I32, 1).copyFrom(new int[] {7});
            assertMessage("key_lengths[0] is 7; expected 0 to 6 (the number of keys)",
                    () -> Attention.forward(q64, k, v, AttentionOptions.builder().keyLengths(lengths).build()));
        }
    }

    @Test
    void dispatcherChoosesSplitKvForFewQueriesAndManyKeys() {
        try (Scope scope = Scope.open()) {
            Tensor q = cpu.allocate(DType.F32, 1, 2, 4, 64), k = cpu.allocate(DType.F32, 1, 2, 8192, 64);
            Tensor v = cpu.allocate(DType.F32, 1, 2, 8192, 64), out = cpu.allocate(DType.F32, 1, 2, 4, 64);
            assertEquals(AttentionPath.SPLIT_KV, Attention.choosePath(q, k, v, AttentionOptions.builder().path(AttentionPath.AUTO).build(), out));
            Tensor q2 = cpu.allocate(DType.F32, 1, 2, 512, 64), k2 = cpu.allocate(DType.F32, 1, 2, 512, 64);
            Tensor out2 = cpu.allocate(DType.F32, 1, 2, 512, 64);
            assertEquals(AttentionPath.FLASH, Attention.choosePath(q2, k2, k2, AttentionOptions.builder().path(AttentionPath.AUTO).build(), out2));
            Tensor v40 = cpu.allocate(DType.F32, 1, 2, 512, 40), out40 = cpu.allocate(DType.F32, 1, 2, 512, 40);
            assertEquals(AttentionPath.GENERAL, Attention.choosePath(q2, k2, v40, AttentionOptions.builder().path(AttentionPath.AUTO).build(), out40));
        }
    }

    private Tensor tensor(DType dt, float[] data, long... shape) {
        return cpu.allocate(dt, shape).copyFrom(data);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        GenkernException e = assertThrows(GenkernException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected message containing '" + expected + "' but got '" + e.getMessage() + "'");
    }
}
