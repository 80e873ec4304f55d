package io.genkern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class BackendsTest {
    @Test
    void cpuInfoReportsSimdAndThreads() {
        CpuInfo info = Backends.cpuInfo();
        assertTrue(info.simd().equals("avx2+fma") || info.simd().equals("scalar"), info.simd());
        assertTrue(info.threads() >= 1 && info.hardwareThreads() >= 1, info.toString());
        try {
            Backends.setCpuThreads(1);
            assertEquals(1, Backends.cpuInfo().threads());
        } finally {
            Backends.setCpuThreads(0);
        }
        assertEquals(info.threads(), Backends.cpuInfo().threads(), "0 restores the default");
    }

    @Test
    void cudaQueryNeverFailsAndExplainsAbsence() {
        CudaInfo info = Backends.cudaInfo(0);
        if (info.usable()) {
            assertTrue(info.ccMajor() >= 8 && info.smCount() > 0, info.toString());
        } else {
            assertFalse(info.reason().isBlank(), "an unusable device comes with a reason");
            GenkernException e = assertThrows(GenkernException.class, () -> Backends.cuda(0));
            assertEquals("cuda:0 is not usable: " + info.reason(), e.getMessage());
            assertEquals(GenkernException.Status.UNSUPPORTED, e.status());
        }
        CudaInfo far = Backends.cudaInfo(1000);
        assertFalse(far.usable(), "device 1000 does not exist");
    }

    @Test
    void autoFallsBackToCpuWithTheReason() {
        CudaInfo info = Backends.cudaInfo(0);
        assumeFalse(info.usable(), "a usable CUDA device is present: auto picks it (covered by the GPU tests)");
        Backends.Selection s = Backends.select("auto", "");
        assertSame(Backends.cpu(), s.backend());
        assertTrue(s.reason().contains(info.reason()), s.reason());
    }

    @Test
    void explicitChoicesAndTheirErrors() {
        Backends.Selection s = Backends.select("CPU", "-Dgenkern.backend=CPU");
        assertSame(Backends.cpu(), s.backend());
        assertEquals("requested by -Dgenkern.backend=CPU", s.reason());
        GenkernException e = assertThrows(GenkernException.class, () -> Backends.select("tpu", ""));
        assertEquals("unknown device 'tpu'; expected cpu, cuda or cuda:N", e.getMessage());
        assertEquals(Device.cuda(3), Device.parse("cuda:3"));
        assertEquals("cuda:3", Device.cuda(3).toString());
    }

    @Test
    void tensorsOnTheCpuReportTheirDevice() {
        try (Scope scope = Scope.open()) {
            Tensor t = Backends.cpu().allocate(DType.F16, 2, 2);
            assertEquals(Device.CPU, t.device());
            assertEquals("tensor f16 [2, 2] on cpu", t.toString());
        }
    }
}
