package io.genkern;

import io.genkern.nativ.GenkernNative;
import io.genkern.nativ.Native;

/**
 * One CUDA device. Created by {@link Backends#cuda(int)} only after the native library confirmed a
 * usable device, so nothing CUDA-specific is touched on machines without a driver. Each Java thread
 * enqueues on its own non-blocking stream; those streams live as long as the process.
 */
final class CudaBackend implements Backend {
    private final Device device;
    private final CudaInfo info;
    private final ThreadLocal<Stream> streams;

    CudaBackend(int index, CudaInfo info) {
        this.device = Device.cuda(index);
        this.info = info;
        this.streams = ThreadLocal.withInitial(() -> Stream.create(device));
    }

    CudaInfo info() {
        return info;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public String description() {
        return device + " (" + info.name() + ", sm_" + info.ccMajor() + info.ccMinor() + ", " + info.smCount() + " SMs)";
    }

    @Override
    public Tensor allocate(DType dtype, long... shape) {
        return Tensor.allocate(this, dtype, shape);
    }

    @Override
    public Stream currentStream() {
        return streams.get();
    }

    @Override
    public Stream newStream() {
        return Stream.create(device);
    }

    @Override
    public long bytesInUse() {
        long[] out = new long[1];
        Native.check(GenkernNative.gk_bytes_in_use(Device.Kind.CUDA.code(), device.index(), out));
        return out[0];
    }

    @Override
    public String toString() {
        return device.toString();
    }
}
