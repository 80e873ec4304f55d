package io.genkern.hostile;

import io.genkern.testing.TestSeeds;
import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Tensor;
import io.genkern.attention.Attention;
import io.genkern.attention.AttentionOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Tensors used as a careless or hostile caller would: views outside the memory, closes racing
 * each other and in-flight ops. Each case must end in a clear error or a correct result, with the
 * JVM alive and the backend's memory back where it started. (These crashed the JVM before.)
 */
class TensorHostileTest {
    private final Backend cpu = Backends.cpu();

    private static String refused(Runnable r) {
        return assertThrows(GenkernException.class, r::run).getMessage();
    }

    @Test
    void viewsOutsideTheAllocationAreRefused() {
        long before = cpu.bytesInUse();
        try (Tensor t = cpu.allocate(DType.F32, 4, 6)) {
            t.copyFrom(new float[24]);
            assertTrue(refused(() -> t.view(20, new long[] {5}, new long[] {1})).contains("reaches bytes [80, 100) of memory that has 96 bytes"));
            assertTrue(refused(() -> t.view(-1, new long[] {2}, new long[] {1})).contains("reaches bytes [-4, 4)"));
            assertTrue(refused(() -> t.view(0, new long[] {4, 7}, new long[] {7, 1})).contains("of memory that has 96 bytes"));
            assertTrue(refused(() -> t.view(0, new long[] {2, 2}, new long[] {1L << 40, 1})).contains("of memory that has 96 bytes"));
            assertTrue(refused(() -> t.view(0, new long[] {3}, new long[] {Long.MAX_VALUE / 2})).contains("overflows the address range"));
            assertTrue(refused(() -> t.view(Long.MAX_VALUE / 2, new long[] {1}, new long[] {1})).contains("overflows the address range"));
            // A view of a view is checked against the base allocation, not the parent view.
            Tensor lastRow = t.view(18, new long[] {6}, new long[] {1});
            assertEquals(6, lastRow.toFloatArray().length);
            assertTrue(refused(() -> lastRow.view(1, new long[] {6}, new long[] {1})).contains("reaches bytes [76, 100)"));
            Tensor backwards = t.view(23, new long[] {24}, new long[] {-1});
            assertEquals(24, backwards.numel());
            assertTrue(refused(() -> t.view(22, new long[] {24}, new long[] {-1})).contains("reaches bytes [-4, 92)"));
            assertEquals(0, t.view(24, new long[] {0}, new long[] {1}).numel(), "an empty view at the end touches nothing");
        }
        assertEquals(before, cpu.bytesInUse());
    }

    @Test
    void wrappedMemoryKeepsViewsWithinItsDeclaredSize() {
        try (Tensor owner = cpu.allocate(DType.F32, 16)) {
            long address = owner.address();
            assertTrue(refused(() -> Tensor.wrap(cpu, address, DType.F32, new long[] {17}, new long[] {1}, 64))
                    .contains("reaches byte 68 of the wrapped memory, which has 64 bytes"));
            Tensor declared = Tensor.wrap(cpu, address, DType.F32, new long[] {4}, new long[] {1}, 64);
            assertEquals(12, declared.view(4, new long[] {12}, new long[] {1}).numel(), "the declared size, not the shape, bounds views");
            Tensor undeclared = Tensor.wrap(cpu, address, DType.F32, new long[] {4}, new long[] {1});
            assertTrue(refused(() -> undeclared.view(1, new long[] {4}, new long[] {1})).contains("of memory that has 16 bytes"));
            assertTrue(refused(() -> Tensor.wrap(cpu, address, DType.F32, new long[] {4}, new long[] {-1})).contains("negative strides"));
        }
    }

    @Test
    void racingClosesFreeOnce() throws Exception {
        long before = cpu.bytesInUse();
        for (int round = 0; round < 2000; round++) {
            Tensor t = cpu.allocate(DType.F32, 64);
            CountDownLatch go = new CountDownLatch(1);
            Thread[] closers = new Thread[3];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < closers.length; i++) {
                closers[i] = new Thread(() -> {
                    try {
                        go.await();
                        t.close();
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                closers[i].start();
            }
            go.countDown();
            for (Thread c : closers) c.join();
            assertNull(failure.get(), "round " + round);
        }
        assertEquals(before, cpu.bytesInUse(), "every tensor freed exactly once");
    }

    @Test
    void closingKeysWhileAnotherThreadAttendsIsSafe() throws Exception {
        long seed = TestSeeds.seed();
        Random random = new Random(seed);
        long before = cpu.bytesInUse();
        for (int round = 0; round < 30; round++) {
            Tensor q = cpu.allocate(DType.F32, 1, 2, 64, 32).fill(0.1);
            Tensor k = cpu.allocate(DType.F32, 1, 2, 4096, 32).fill(0.2);
            Tensor v = cpu.allocate(DType.F32, 1, 2, 4096, 32).fill(0.3);
            Tensor out = cpu.allocate(DType.F32, 1, 2, 64, 32);
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            List<String> refusals = new ArrayList<>();
            Thread attending = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        Attention.forward(q, k, v, AttentionOptions.DEFAULT, out);
                        assertEquals(0.3f, out.toFloatArray()[0], 1e-6f);
                    }
                } catch (GenkernException e) {
                    synchronized (refusals) {
                        refusals.add(e.getMessage());
                    }
                } catch (Throwable e) {
                    unexpected.set(e);
                }
            });
            attending.start();
            Thread.sleep(random.nextInt(5));
            k.close();
            v.close();
            attending.join();
            assertNull(unexpected.get(), "seed " + seed);
            for (String m : refusals) assertTrue(m.contains("is closed"), "seed " + seed + ": " + m);
            q.close();
            out.close();
        }
        assertEquals(before, cpu.bytesInUse(), "seed " + seed);
    }

    @Test
    void forgottenTensorsAreFreedByTheSafetyNet() throws Exception {
        long before = cpu.bytesInUse();
        for (int i = 0; i < 20; i++) cpu.allocate(DType.F32, 1 << 16).fill(i); // never closed
        assertTrue(cpu.bytesInUse() >= before + 20L * 4 * (1 << 16));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (cpu.bytesInUse() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(before, cpu.bytesInUse(), "unreachable tensors' memory is returned");
    }

    @Test
    void manyCopiesReuseTheirStagingAndFreeEverything() {
        long seed = TestSeeds.seed();
        Random random = new Random(seed);
        long before = cpu.bytesInUse();
        for (int call = 0; call < 2000; call++) {
            int n = 1 + random.nextInt(5000);
            float[] values = new float[n];
            for (int i = 0; i < n; i++) values[i] = random.nextFloat();
            try (Tensor t = cpu.allocate(DType.F32, n)) {
                assertArrayEquals(values, t.copyFrom(values).toFloatArray(), 0f, "seed " + seed + ", call " + call);
            }
        }
        assertEquals(before, cpu.bytesInUse(), "seed " + seed);
    }
}
