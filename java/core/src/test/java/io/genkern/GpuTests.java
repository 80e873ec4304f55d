package io.genkern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared by the tests tagged "gpu". */
public final class GpuTests {
    private GpuTests() {}

    /**
     * The first CUDA device, or the calling test is skipped with the reason. Call it per test (from
     * {@code @BeforeEach}, not {@code @BeforeAll}) so that each test is reported as skipped rather
     * than vanishing.
     */
    public static Backend cudaOrSkip() {
        CudaInfo info = Backends.cudaInfo(0);
        assumeTrue(info.usable(), "skipped: no usable CUDA device (" + info.reason() + ")");
        return Backends.cuda(0);
    }
}
