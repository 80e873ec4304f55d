package io.genkern;

import io.genkern.testing.TestSeeds;
import io.genkern.attention.Attention;
import io.genkern.attention.AttentionOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** Runs only where a usable CUDA device exists; elsewhere every test is reported as skipped, with the reason. */
@Tag("gpu")
class CudaBackendTest {
    private static Backend cuda;
    private final Random random = TestSeeds.random();

    @BeforeEach
    void requireDevice() {
        cuda = GpuTests.cudaOrSkip();
    }

    private float[] gaussian(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
        return x;
    }

    @Test
    void deviceRoundTripAndScopeReleaseDeviceMemory() {
        long before = cuda.bytesInUse();
        float[] data = gaussian(4096);
        try (Scope scope = Scope.open()) {
            Tensor t = cuda.fromArray(data, 64, 64);
            assertEquals(Device.cuda(0), t.device());
            assertArrayEquals(data, t.toFloatArray());
            Tensor host = t.to(Backends.cpu());
            assertArrayEquals(data, host.toFloatArray());
            assertTrue(cuda.bytesInUse() >= before + 4096L * 4);
        }
        assertEquals(before, cuda.bytesInUse(), "device memory returns to its starting value");
    }

    @Test
    void wrappedDevicePointerIsNotCopiedOrFreed() {
        try (Tensor owner = cuda.fromArray(new float[] {1, 2, 3, 4}, 4)) {
            Tensor wrapped = Tensor.wrap(cuda, owner.address(), DType.F32, new long[] {2, 2}, new long[] {2, 1});
            wrapped.fill(9);
            wrapped.close(); // frees nothing
            assertArrayEquals(new float[] {9, 9, 9, 9}, owner.toFloatArray());
        }
    }

    @Test
    void attentionMatchesTheCpuBackendFromSeveralThreads() throws Exception {
        int b = 2, h = 4, n = 100, m = 130, d = 64;
        float[] q = gaussian(b * h * n * d), k = gaussian(b * h * m * d), v = gaussian(b * h * m * d);
        float[] expected;
        try (Scope scope = Scope.open()) {
            Backend cpu = Backends.cpu();
            expected = Attention.forward(cpu.fromArray(q, b, h, n, d), cpu.fromArray(k, b, h, m, d), cpu.fromArray(v, b, h, m, d),
                    AttentionOptions.builder().causal(true).build()).toFloatArray();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    try (Scope scope = Scope.open()) {
                        Tensor out = Attention.forward(cuda.fromArray(q, b, h, n, d), cuda.fromArray(k, b, h, m, d),
                                cuda.fromArray(v, b, h, m, d), AttentionOptions.builder().causal(true).build());
                        cuda.currentStream().synchronize();
                        return out.toFloatArray();
                    }
                }));
            }
            for (Future<float[]> f : results) {
                float[] got = f.get();
                for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], 1e-4, "element " + i);
            }
        } finally {
            pool.shutdown();
        }
    }
}
