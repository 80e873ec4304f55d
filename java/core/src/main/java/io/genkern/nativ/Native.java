package io.genkern.nativ;

import io.genkern.GenkernException;
import io.genkern.Tensor;
import org.bytedeco.javacpp.Pointer;

import java.util.ArrayList;
import java.util.List;

/** Helpers for calling the C API: status checks and tensor descriptors. */
public final class Native {
    private Native() {}

    /** Throws the native thread-local message as a {@link GenkernException} unless status is GK_OK. */
    public static void check(int status) {
        if (status != 0) {
            throw new GenkernException(GenkernException.Status.of(status), GenkernNative.gk_last_error().getString());
        }
    }

    /** A JavaCPP pointer to a raw address (device pointers included), owning nothing. */
    public static Pointer pointer(long address) {
        return new RawPointer(address);
    }

    /** Fills a native descriptor for a tensor; a null tensor leaves the descriptor absent (data = NULL). */
    public static GenkernNative.gk_tensor describe(Tensor t, GenkernNative.gk_tensor out) {
        if (t == null) return out.data(null).ndim(0);
        long[] shape = t.shape(), strides = t.strides();
        out.data(pointer(t.address())).dtype(t.dtype().code()).device(t.device().kind().code())
                .device_index(t.device().index()).ndim(shape.length);
        for (int i = 0; i < shape.length; i++) out.shape(i, shape[i]).strides(i, strides[i]);
        return out;
    }

    /**
     * The tensors of one native call, held open ({@link Tensor#use()}) until it returns: a close()
     * on another thread waits instead of freeing memory under the kernel. Open it before the
     * descriptors are filled and close it after the call.
     */
    public static final class Uses implements AutoCloseable {
        private final List<Tensor.Use> held = new ArrayList<>();

        /** Holds t (null: nothing) open; throws if it is closed. */
        public Uses hold(Tensor t) {
            if (t != null) held.add(t.use());
            return this;
        }

        /** {@link #hold} then {@link Native#describe}. */
        public GenkernNative.gk_tensor describe(Tensor t, GenkernNative.gk_tensor out) {
            hold(t);
            return Native.describe(t, out);
        }

        @Override
        public void close() {
            for (int i = held.size() - 1; i >= 0; i--) held.get(i).close();
            held.clear();
        }
    }

    private static final class RawPointer extends Pointer {
        RawPointer(long address) {
            this.address = address;
        }
    }
}
