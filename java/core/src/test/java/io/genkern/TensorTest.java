package io.genkern;

import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TensorTest {
    private final Random random = TestSeeds.random();
    private final Backend cpu = Backends.cpu();

    private float[] randomFloats(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian() * 10;
        return v;
    }

    @Test
    void f32RoundTripIsExact() {
        float[] data = randomFloats(3 * 5 * 7);
        try (Tensor t = cpu.allocate(DType.F32, 3, 5, 7)) {
            t.copyFrom(data);
            assertArrayEquals(data, t.toFloatArray());
            assertArrayEquals(new long[] {35, 7, 1}, t.strides());
        }
    }

    @Test
    void halfPrecisionRoundTripRoundsToNearest() {
        float[] data = randomFloats(1000);
        for (DType dt : new DType[] {DType.F16, DType.BF16}) {
            try (Tensor t = cpu.allocate(dt, 1000)) {
                float[] back = t.copyFrom(data).toFloatArray();
                for (int i = 0; i < data.length; i++) {
                    float expected = dt == DType.F16 ? Half.f16ToFloat(Half.floatToF16(data[i])) : Half.bf16ToFloat(Half.floatToBf16(data[i]));
                    assertEquals(expected, back[i], 0f, dt + " element " + i);
                    double ulp = dt == DType.F16 ? 0x1p-11 : 0x1p-8;
                    assertEquals(data[i], back[i], Math.abs(data[i]) * ulp + 1e-7, dt + " rounding of " + data[i]);
                }
            }
        }
    }

    @Test
    void byteBufferRoundTrip() {
        int[] values = random.ints(24).toArray();
        ByteBuffer in = ByteBuffer.allocate(96).order(ByteOrder.nativeOrder());
        in.asIntBuffer().put(values);
        try (Tensor t = cpu.allocate(DType.I32, 2, 3, 4)) {
            t.copyFrom(in);
            assertArrayEquals(values, t.toIntArray());
            ByteBuffer out = ByteBuffer.allocate(96).order(ByteOrder.nativeOrder());
            t.copyTo(out);
            int[] back = new int[24];
            out.rewind().asIntBuffer().get(back);
            assertArrayEquals(values, back);
        }
    }

    @Test
    void permutedViewIsFilledThroughStrides() {
        try (Tensor t = cpu.zeros(DType.F32, 2, 3)) {
            Tensor col = t.view(1, new long[] {2}, new long[] {3}); // column 1
            col.fill(5);
            assertArrayEquals(new float[] {0, 5, 0, 0, 5, 0}, t.toFloatArray());
            Tensor p = t.permute(1, 0);
            assertArrayEquals(new long[] {3, 2}, p.shape());
            assertArrayEquals(new long[] {1, 3}, p.strides());
            assertFalse(p.isContiguous());
        }
    }

    @Test
    void scopeReleasesEverythingAllocatedInside() {
        long before = cpu.bytesInUse();
        Tensor kept;
        try (Scope scope = Scope.open()) {
            cpu.allocate(DType.F32, 1000);
            try (Scope inner = Scope.open()) {
                cpu.allocate(DType.BF16, 10, 10);
            }
            kept = scope.keep(cpu.allocate(DType.U8, 77));
            assertTrue(cpu.bytesInUse() >= before + 4000 + 77);
        }
        assertEquals(before + 77, cpu.bytesInUse());
        kept.close();
        assertEquals(before, cpu.bytesInUse());
    }

    @Test
    void closedTensorRefusesUse() {
        Tensor t = cpu.allocate(DType.F32, 4);
        Tensor view = t.reshape(2, 2);
        t.close();
        t.close(); // idempotent
        GenkernException e = assertThrows(GenkernException.class, view::toFloatArray);
        assertTrue(e.getMessage().contains("tensor f32 [2, 2] on cpu is closed"), e.getMessage());
    }

    @Test
    void badShapesNameTheirValues() {
        try (Tensor t = cpu.allocate(DType.F32, 2, 3)) {
            GenkernException e = assertThrows(GenkernException.class, () -> t.copyFrom(new float[5]));
            assertTrue(e.getMessage().contains("holds 6 elements but 5 were given"), e.getMessage());
            e = assertThrows(GenkernException.class, () -> t.reshape(4, 2));
            assertTrue(e.getMessage().contains("(6 elements) to [4, 2]"), e.getMessage());
            e = assertThrows(GenkernException.class, () -> t.permute(1, 0).toFloatArray());
            assertTrue(e.getMessage().contains("needs a contiguous tensor"), e.getMessage());
        }
        GenkernException e = assertThrows(GenkernException.class, () -> cpu.allocate(DType.F32, 2, -1));
        assertTrue(e.getMessage().contains("negative size in shape [2, -1]"), e.getMessage());
    }
}
