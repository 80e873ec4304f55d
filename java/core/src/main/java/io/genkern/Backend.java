package io.genkern;

/**
 * Where kernels run: the CPU backend (always available) or a CUDA device. Get one from
 * {@link Backends}: {@code Backends.auto()}, {@code Backends.cpu()}, {@code Backends.cuda(0)}.
 *
 * <p>Thread safety: a backend may be used from any number of threads at once. On CUDA, each thread
 * enqueues on its own stream by default ({@link #currentStream()}); on the CPU every call completes
 * before it returns, so streams there only order work trivially.
 */
public interface Backend {
    Device device();

    /** Short human-readable description, e.g. "cpu (avx2+fma, 2 threads)" or "cuda:0 (NVIDIA H200)". */
    String description();

    /** Allocates an uninitialised, contiguous tensor owned by the caller (close it, or open a {@link Scope}). */
    Tensor allocate(DType dtype, long... shape);

    /** Allocates and fills with zeros. */
    default Tensor zeros(DType dtype, long... shape) {
        Tensor t = allocate(dtype, shape);
        t.fill(0);
        return t;
    }

    /** Copies a Java array into a new f32 tensor of the given shape on this backend. */
    default Tensor fromArray(float[] data, long... shape) {
        Tensor t = allocate(DType.F32, shape);
        t.copyFrom(data);
        return t;
    }

    /** The stream this thread enqueues on by default (created on first use, one per thread). */
    Stream currentStream();

    /** A new stream of its own; close it when done. */
    Stream newStream();

    /** Bytes currently allocated through genkern on this device (for leak checks and monitoring). */
    long bytesInUse();
}
