package io.genkern;

import io.genkern.nativ.GenkernNative;
import io.genkern.nativ.Native;

/** The C++ CPU backend: multi-threaded, SIMD kernels chosen at run time. Every call completes before it returns. */
final class CpuBackend implements Backend {
    static final CpuBackend INSTANCE = new CpuBackend();
    private final Stream stream = Stream.create(Device.CPU);

    private CpuBackend() {}

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public String description() {
        CpuInfo info = Backends.cpuInfo();
        return "cpu (" + info.simd() + ", " + info.threads() + " threads)";
    }

    @Override
    public Tensor allocate(DType dtype, long... shape) {
        return Tensor.allocate(this, dtype, shape);
    }

    @Override
    public Stream currentStream() {
        return stream;
    }

    @Override
    public Stream newStream() {
        return stream;
    }

    @Override
    public long bytesInUse() {
        long[] out = new long[1];
        Native.check(GenkernNative.gk_bytes_in_use(Device.Kind.CPU.code(), 0, out));
        return out[0];
    }

    @Override
    public String toString() {
        return "cpu";
    }
}
