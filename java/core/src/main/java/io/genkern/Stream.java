package io.genkern;

import io.genkern.nativ.GenkernNative;
import io.genkern.nativ.Native;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * An ordered queue of work on one device. Synchronisation is explicit: {@link #synchronize()} waits
 * for everything enqueued so far. A CUDA stream wraps a {@code cudaStream_t}; streams created by
 * {@link Backend#newStream()} are destroyed by {@link #close()}, wrapped ones are left to their owner.
 */
public final class Stream implements AutoCloseable {
    private final Device device;
    private final long handle;
    private final boolean owned;
    private volatile boolean closed;

    private Stream(Device device, long handle, boolean owned) {
        this.device = device;
        this.handle = handle;
        this.owned = owned;
    }

    static Stream create(Device device) {
        if (device.kind() == Device.Kind.CPU) return new Stream(device, 0, false);
        try (PointerPointer<?> out = new PointerPointer<>(1)) {
            Native.check(GenkernNative.gk_stream_create(device.kind().code(), device.index(), out));
            return new Stream(device, out.get(0) == null ? 0 : out.get(0).address(), true);
        }
    }

    /**
     * Wraps an existing {@code cudaStream_t} (for example from org.bytedeco's cudart bindings, or
     * PyTorch's current stream) without taking ownership: genkern enqueues on it but never destroys it.
     */
    public static Stream wrap(Device device, long cudaStreamHandle) {
        if (device.kind() != Device.Kind.CUDA) throw new GenkernException("only CUDA streams can be wrapped, got " + device);
        return new Stream(device, cudaStreamHandle, false);
    }

    public Device device() {
        return device;
    }

    /** The native handle ({@code cudaStream_t}); 0 for the CPU and for CUDA's default stream. */
    public long handle() {
        return handle;
    }

    Pointer pointer() {
        return handle == 0 ? null : Native.pointer(handle);
    }

    /** Waits until all work enqueued on this stream has finished. */
    public void synchronize() {
        if (closed) throw new GenkernException("stream on " + device + " is closed");
        Native.check(GenkernNative.gk_stream_synchronize(device.kind().code(), device.index(), pointer()));
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (owned) Native.check(GenkernNative.gk_stream_destroy(device.kind().code(), device.index(), pointer()));
    }
}
