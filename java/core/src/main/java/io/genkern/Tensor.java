package io.genkern;

import io.genkern.nativ.GenkernNative;
import io.genkern.nativ.Native;
import org.bytedeco.javacpp.PointerPointer;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A strided n-dimensional array in host (off-heap) or device memory.
 *
 * <p>Memory is released deterministically by {@link #close()}, or by the innermost {@link Scope}
 * open on the allocating thread (the garbage collector is only a safety net, below). Views ({@link #view},
 * {@link #reshape}, {@link #permute}) share their base's memory and become unusable when it closes.
 * Tensors made by {@link #wrap} point at memory owned by someone else and never free it.
 *
 * <p>Every view is checked against its base's memory when it is made, so no op on a tensor can
 * reach outside the allocation. Tensors may be shared between threads: {@link #close()} is
 * idempotent under races and waits for native calls in flight on the memory; later use fails with
 * "is closed".
 *
 * <p>A safety net catches tensors that are never closed: when the garbage collector finds one
 * unreachable, its memory is freed and a warning is logged (logger {@code io.genkern.Tensor}) with
 * its dtype and shape, and with the stack of its allocation when {@code -Dgenkern.leaks=trace}.
 * Explicit close (or a {@link Scope}) stays the way to free memory promptly.
 */
public final class Tensor implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Logger LOG = Logger.getLogger(Tensor.class.getName());
    private static final boolean TRACE_LEAKS = "trace".equals(System.getProperty("genkern.leaks"));
    /** Host staging buffers up to this size are kept per thread and reused between copies. */
    private static final int STAGING_CACHE_BYTES = 64 << 20;
    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private final Backend backend;
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long address;
    private final Tensor base; // the owner of the memory for views; this for owners and wrapped tensors
    private final boolean owner;
    // On a base: the bytes [extentStart, extentEnd) its views may touch, and the lock native calls
    // hold shared (Native.Uses) and close() exclusively.
    private final long extentStart, extentEnd;
    private final ReentrantReadWriteLock useLock;
    private final Release release; // owners only: frees the memory once, by close() or by the safety net
    private volatile boolean closed;

    private Tensor(Backend backend, DType dtype, long[] shape, long[] strides, long address, Tensor base, boolean owner,
                   long extentBytes) {
        this.backend = backend;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.address = address;
        this.base = base == null ? this : base;
        this.owner = owner;
        this.extentStart = base == null ? address : 0;
        this.extentEnd = base == null ? address + extentBytes : 0;
        this.useLock = base == null ? new ReentrantReadWriteLock() : null;
        this.release = owner ? new Release(backend.device(), address, dtype + " " + Arrays.toString(shape),
                TRACE_LEAKS ? new Throwable("allocated here") : null) : null;
        if (owner) CLEANER.register(this, release);
    }

    /** Frees an owner's memory exactly once: from close(), or from the Cleaner when the tensor was never closed. */
    private static final class Release implements Runnable {
        private final Device device;
        private final long address;
        private final String what;
        private final Throwable allocation;
        private boolean done; // guarded by this

        Release(Device device, long address, String what, Throwable allocation) {
            this.device = device;
            this.address = address;
            this.what = what;
            this.allocation = allocation;
        }

        /** The safety net: only acts on memory nobody closed. */
        @Override
        public void run() {
            if (free()) {
                LOG.log(Level.WARNING, "a tensor (" + what + " on " + device + ") was never closed; the garbage collector freed it"
                        + (allocation == null ? " (run with -Dgenkern.leaks=trace to see where it was allocated)" : ""), allocation);
            }
        }

        /** Frees the memory if nobody has; true if this call did. */
        synchronized boolean free() {
            if (done) return false;
            done = true;
            Native.check(GenkernNative.gk_free(device.kind().code(), device.index(), Native.pointer(address)));
            return true;
        }
    }

    static Tensor allocate(Backend backend, DType dtype, long[] shape) {
        long[] s = checkShape(shape);
        long bytes = Math.multiplyExact(count(s), (long) dtype.bytes());
        Device d = backend.device();
        long address;
        try (PointerPointer<?> out = new PointerPointer<>(1)) {
            Native.check(GenkernNative.gk_alloc(d.kind().code(), d.index(), bytes, out));
            address = out.get(0).address();
        }
        Tensor t = new Tensor(backend, dtype, s, contiguousStrides(s), address, null, true, bytes);
        Scope.register(t);
        return t;
    }

    /**
     * Wraps memory owned elsewhere (e.g. a device pointer from org.bytedeco's cudart or PyTorch)
     * without copying. Strides count elements. The caller keeps the memory alive while this is used.
     * Views of the result stay within the elements this shape and these strides reach.
     */
    public static Tensor wrap(Backend backend, long address, DType dtype, long[] shape, long[] strides) {
        return wrap(backend, address, dtype, shape, strides, -1);
    }

    /**
     * {@link #wrap(Backend, long, DType, long[], long[])} for memory of {@code byteCapacity} bytes
     * from {@code address}: the shape and strides, and views later, must stay within it.
     */
    public static Tensor wrap(Backend backend, long address, DType dtype, long[] shape, long[] strides, long byteCapacity) {
        long[] s = checkShape(shape);
        if (strides.length != s.length) {
            throw new GenkernException("strides " + Arrays.toString(strides) + " do not match shape " + Arrays.toString(s));
        }
        if (address == 0 && count(s) > 0) throw new GenkernException("cannot wrap a null pointer");
        long[] span = byteSpan(0, s, strides, dtype);
        if (span[0] < 0) {
            throw new GenkernException("shape " + Arrays.toString(s) + " with strides " + Arrays.toString(strides)
                    + " reaches before the wrapped address (negative strides)");
        }
        if (byteCapacity >= 0 && span[1] > byteCapacity) {
            throw new GenkernException("shape " + Arrays.toString(s) + " with strides " + Arrays.toString(strides) + " reaches byte "
                    + span[1] + " of the wrapped memory, which has " + byteCapacity + " bytes");
        }
        return new Tensor(backend, dtype, s, strides.clone(), address, null, false, byteCapacity >= 0 ? byteCapacity : span[1]);
    }

    public Backend backend() {
        return backend;
    }

    public Device device() {
        return backend.device();
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Strides in elements. */
    public long[] strides() {
        return strides.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension i; negative i counts from the end. */
    public long dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public long numel() {
        return count(shape);
    }

    public long byteSize() {
        return numel() * dtype.bytes();
    }

    /** The address of element 0 (host or device). */
    public long address() {
        ensureOpen();
        return address;
    }

    public boolean isClosed() {
        return closed || base.closed;
    }

    public boolean isContiguous() {
        return Arrays.equals(strides, contiguousStrides(shape)) || numel() <= 1;
    }

    /**
     * A view with its own shape and strides (elements) over the same memory, starting at element
     * offset (relative to this tensor's first element); it must stay within the base's memory.
     */
    public Tensor view(long offset, long[] shape, long[] strides) {
        ensureOpen();
        long[] s = checkShape(shape);
        if (strides.length != s.length) {
            throw new GenkernException("view strides " + Arrays.toString(strides) + " do not match shape " + Arrays.toString(s));
        }
        long start;
        try {
            start = Math.addExact(address, Math.multiplyExact(offset, (long) dtype.bytes()));
        } catch (ArithmeticException e) {
            throw new GenkernException("view offset " + offset + " overflows the address range");
        }
        long[] span = byteSpan(start, s, strides, dtype);
        if (span[0] < base.extentStart || span[1] > base.extentEnd) {
            throw new GenkernException("view at offset " + offset + " with shape " + Arrays.toString(s) + " and strides "
                    + Arrays.toString(strides) + " reaches bytes [" + (span[0] - base.extentStart) + ", " + (span[1] - base.extentStart)
                    + ") of memory that has " + (base.extentEnd - base.extentStart) + " bytes");
        }
        return new Tensor(backend, dtype, s, strides.clone(), start, base, false, 0);
    }

    /** Same elements, new shape; needs a contiguous tensor. */
    public Tensor reshape(long... newShape) {
        long[] s = checkShape(newShape);
        if (count(s) != numel()) {
            throw new GenkernException("cannot reshape " + this + " (" + numel() + " elements) to " + Arrays.toString(s));
        }
        if (!isContiguous()) throw new GenkernException("reshape needs a contiguous tensor, got strides " + Arrays.toString(strides));
        return view(0, s, contiguousStrides(s));
    }

    /** Reorders dimensions: result dimension i is this tensor's dimension axes[i]. */
    public Tensor permute(int... axes) {
        if (axes.length != shape.length) {
            throw new GenkernException("permute needs " + shape.length + " axes, got " + Arrays.toString(axes));
        }
        long[] s = new long[axes.length], st = new long[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i];
            if (a < 0 || a >= shape.length || seen[a]) throw new GenkernException("invalid permutation " + Arrays.toString(axes));
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return view(0, s, st);
    }

    // ---- data movement ----------------------------------------------------------------------

    /** Copies values in C order, converting to this tensor's dtype (f32, f16, bf16, i32 or u8). */
    public Tensor copyFrom(float[] values) {
        ByteBuffer buf = staging(values.length);
        switch (dtype) {
            case F32 -> buf.asFloatBuffer().put(values);
            case F16 -> { for (float v : values) buf.putShort(Half.floatToF16(v)); }
            case BF16 -> { for (float v : values) buf.putShort(Half.floatToBf16(v)); }
            case I32 -> { for (float v : values) buf.putInt((int) v); }
            case U8 -> { for (float v : values) buf.put((byte) (int) v); }
        }
        return copyFrom(buf.rewind());
    }

    public Tensor copyFrom(int[] values) {
        requireDType(DType.I32, "copyFrom(int[])");
        ByteBuffer buf = staging(values.length);
        buf.asIntBuffer().put(values);
        return copyFrom(buf);
    }

    /** Copies raw bytes (native byte order, C order) from the buffer's position; it must hold byteSize() bytes. */
    public Tensor copyFrom(ByteBuffer bytes) {
        requireContiguous("copyFrom");
        if (bytes.remaining() != byteSize()) {
            throw new GenkernException("copyFrom got " + bytes.remaining() + " bytes but " + this + " holds " + byteSize());
        }
        ByteBuffer direct = bytes.isDirect() ? bytes : stagingBytes(bytes.remaining()).put(bytes.duplicate()).flip();
        org.bytedeco.javacpp.BytePointer src = new org.bytedeco.javacpp.BytePointer(direct);
        try (Use u = use()) {
            Native.check(GenkernNative.gk_copy(Native.pointer(address), device().kind().code(), src, Device.Kind.CPU.code(),
                    device().index(), byteSize(), backend.currentStream().pointer()));
        }
        return this;
    }

    /** Copies this tensor's raw bytes (native order, C order) into dst from its position. */
    public void copyTo(ByteBuffer dst) {
        requireContiguous("copyTo");
        if (dst.remaining() < byteSize()) {
            throw new GenkernException("copyTo needs " + byteSize() + " bytes for " + this + " but the buffer has " + dst.remaining());
        }
        ByteBuffer direct = dst.isDirect() ? dst : stagingBytes(byteSize());
        org.bytedeco.javacpp.BytePointer out = new org.bytedeco.javacpp.BytePointer(direct);
        try (Use u = use()) {
            Native.check(GenkernNative.gk_copy(out, Device.Kind.CPU.code(), Native.pointer(address), device().kind().code(),
                    device().index(), byteSize(), backend.currentStream().pointer()));
        }
        if (!dst.isDirect()) dst.put(direct);
    }

    /** The values in C order as floats (converted from f16/bf16/i32/u8). */
    public float[] toFloatArray() {
        ByteBuffer buf = staging(numel());
        copyTo(buf);
        buf.rewind();
        float[] out = new float[Math.toIntExact(numel())];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case F32 -> buf.getFloat();
                case F16 -> Half.f16ToFloat(buf.getShort());
                case BF16 -> Half.bf16ToFloat(buf.getShort());
                case I32 -> buf.getInt();
                case U8 -> buf.get() & 0xff;
            };
        }
        return out;
    }

    public int[] toIntArray() {
        requireDType(DType.I32, "toIntArray");
        ByteBuffer buf = staging(numel());
        copyTo(buf);
        int[] out = new int[Math.toIntExact(numel())];
        buf.rewind().asIntBuffer().get(out);
        return out;
    }

    /** Sets every element (strided views included) to value. */
    public Tensor fill(double value) {
        try (Use u = use(); GenkernNative.gk_tensor d = Native.describe(this, new GenkernNative.gk_tensor())) {
            Native.check(GenkernNative.gk_fill(d, value, backend.currentStream().pointer()));
        }
        return this;
    }

    /** A contiguous copy on another backend (or the same one). */
    public Tensor to(Backend target) {
        ensureOpen();
        requireContiguous("to");
        Tensor out = target.allocate(dtype, shape);
        Device src = device(), dst = target.device();
        int index = dst.kind() == Device.Kind.CUDA ? dst.index() : src.index();
        if (src.kind() == Device.Kind.CUDA && dst.kind() == Device.Kind.CUDA && src.index() != dst.index()) {
            ByteBuffer host = ByteBuffer.allocateDirect(Math.toIntExact(byteSize()));
            copyTo(host);
            return out.copyFrom(host.rewind());
        }
        Stream stream = dst.kind() == Device.Kind.CUDA ? target.currentStream() : backend.currentStream();
        try (Use u = use()) {
            Native.check(GenkernNative.gk_copy(Native.pointer(out.address), dst.kind().code(), Native.pointer(address),
                    src.kind().code(), index, byteSize(), stream.pointer()));
        }
        return out;
    }

    /**
     * Frees the memory if this tensor owns it, after native calls in flight on it have returned.
     * Idempotent, also when several threads close at once. Closing a view only retires the view.
     */
    @Override
    public void close() {
        if (base != this) {
            closed = true;
            return;
        }
        useLock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            if (owner) release.free();
        } finally {
            useLock.writeLock().unlock();
        }
    }

    /**
     * Holds this tensor's memory open until the returned use is closed: a {@link #close()} on
     * another thread waits for it. Native calls hold their tensors this way (see Native.Uses); do
     * the same while foreign code reads {@link #address()}. Throws if the tensor is closed.
     */
    public Use use() {
        Tensor owner = base;
        ReentrantReadWriteLock.ReadLock lock = owner.useLock.readLock();
        lock.lock();
        if (isClosed()) {
            lock.unlock();
            throw new GenkernException(this + " is closed");
        }
        // The fence keeps the tensor reachable until the use ends, so the safety net cannot free
        // memory that a native call is still working on.
        return () -> {
            lock.unlock();
            Reference.reachabilityFence(owner);
        };
    }

    /** A tensor held open by {@link #use()}; closing it lets the tensor be freed again. */
    @FunctionalInterface
    public interface Use extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public String toString() {
        return "tensor " + dtype + " " + Arrays.toString(shape) + " on " + device();
    }

    // ---- helpers ------------------------------------------------------------------------------

    void ensureOpen() {
        if (isClosed()) throw new GenkernException(this + " is closed");
    }

    private void requireContiguous(String op) {
        if (!isContiguous()) {
            throw new GenkernException(op + " needs a contiguous tensor; " + this + " has strides " + Arrays.toString(strides));
        }
    }

    private void requireDType(DType expected, String op) {
        if (dtype != expected) throw new GenkernException(op + " needs a " + expected + " tensor, got " + this);
    }

    private ByteBuffer staging(long elements) {
        if (elements != numel()) {
            throw new GenkernException(this + " holds " + numel() + " elements but " + elements + " were given");
        }
        return stagingBytes(byteSize());
    }

    /**
     * A direct host buffer of {@code bytes} for one copy, reused by this thread's next copy (up to
     * {@link #STAGING_CACHE_BYTES}): a copy-heavy loop no longer leaves a trail of direct buffers
     * for the garbage collector (0.9 GB of RSS in a 5,000-call soak). Copies to and from the host
     * have finished reading or writing it when they return.
     */
    private static ByteBuffer stagingBytes(long bytes) {
        int n = Math.toIntExact(bytes);
        ByteBuffer cached = STAGING.get();
        if (cached == null || cached.capacity() < n) {
            cached = ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
            if (n <= STAGING_CACHE_BYTES) STAGING.set(cached);
        }
        return cached.clear().limit(n);
    }

    private static long[] checkShape(long[] shape) {
        if (shape.length > 8) throw new GenkernException("tensors have at most 8 dimensions, got shape " + Arrays.toString(shape));
        for (long d : shape) {
            if (d < 0) throw new GenkernException("negative size in shape " + Arrays.toString(shape));
        }
        return shape.clone();
    }

    /** The bytes [first, end) that a tensor at byte address start with this shape and these strides touches. */
    private static long[] byteSpan(long start, long[] shape, long[] strides, DType dtype) {
        if (count(shape) == 0) return new long[] {start, start};
        try {
            long low = 0, high = 0;
            for (int i = 0; i < shape.length; i++) {
                long reach = Math.multiplyExact(shape[i] - 1, strides[i]);
                if (reach < 0) low = Math.addExact(low, reach);
                else high = Math.addExact(high, reach);
            }
            long bytes = dtype.bytes();
            return new long[] {Math.addExact(start, Math.multiplyExact(low, bytes)),
                Math.addExact(start, Math.multiplyExact(Math.addExact(high, 1), bytes))};
        } catch (ArithmeticException e) {
            throw new GenkernException("shape " + Arrays.toString(shape) + " with strides " + Arrays.toString(strides)
                    + " overflows the address range");
        }
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public static long[] contiguousStrides(long[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }
}
