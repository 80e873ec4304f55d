package io.genkern.nativ;

import io.genkern.GenkernException;
import io.genkern.Tensor;
import org.bytedeco.javacpp.Pointer;

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

    private static final class RawPointer extends Pointer {
        RawPointer(long address) {
            this.address = address;
        }
    }
}
