package io.genkern.nativ;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP peer of the flat C API in native/include/genkern/genkern.h. Only genkern's own Java code
 * calls this; applications use {@link io.genkern.Backend} and {@link io.genkern.Tensor}.
 */
@Properties(value = @Platform(include = "genkern/genkern.h", link = "genkern"))
public final class GenkernNative {
    static {
        Loader.load();
    }

    private GenkernNative() {}

    /** Forces the native library to load (and fail with a clear error if it cannot). */
    public static void load() {}

    @Name("gk_tensor")
    public static class gk_tensor extends Pointer {
        static {
            Loader.load();
        }

        public gk_tensor() {
            allocate();
        }

        private native void allocate();

        public native Pointer data();
        public native gk_tensor data(Pointer p);
        public native int dtype();
        public native gk_tensor dtype(int v);
        public native int device();
        public native gk_tensor device(int v);
        public native int device_index();
        public native gk_tensor device_index(int v);
        public native int ndim();
        public native gk_tensor ndim(int v);
        public native long shape(int i);
        public native gk_tensor shape(int i, long v);
        public native long strides(int i);
        public native gk_tensor strides(int i, long v);
    }

    @Name("gk_cpu_info")
    public static class gk_cpu_info extends Pointer {
        static {
            Loader.load();
        }

        public gk_cpu_info() {
            allocate();
        }

        private native void allocate();

        @MemberGetter public native @Cast("const char*") BytePointer simd();
        @MemberGetter public native int threads();
        @MemberGetter public native int hardware_threads();
    }

    @Name("gk_cuda_info")
    public static class gk_cuda_info extends Pointer {
        static {
            Loader.load();
        }

        public gk_cuda_info() {
            allocate();
        }

        private native void allocate();

        @MemberGetter public native int compiled();
        @MemberGetter public native int device_count();
        @MemberGetter public native int driver_version();
        @MemberGetter public native int runtime_version();
        @MemberGetter public native @Cast("const char*") BytePointer reason();
        @MemberGetter public native @Cast("const char*") BytePointer name();
        @MemberGetter public native int sm_count();
        @MemberGetter public native int cc_major();
        @MemberGetter public native int cc_minor();
        @MemberGetter public native long total_memory();
        @MemberGetter public native long free_memory();
        @MemberGetter public native long l2_bytes();
        @MemberGetter public native long shared_per_block_optin();
    }

    public static native @Cast("const char*") BytePointer gk_last_error();
    public static native @Cast("const char*") BytePointer gk_version();

    public static native int gk_cpu_query(gk_cpu_info out);
    public static native int gk_cpu_set_threads(int n);
    public static native int gk_cuda_query(int deviceIndex, gk_cuda_info out);

    public static native int gk_alloc(int device, int deviceIndex, @Cast("size_t") long bytes,
                                      @Cast("void**") PointerPointer<?> out);
    public static native int gk_free(int device, int deviceIndex, Pointer ptr);
    public static native int gk_bytes_in_use(int device, int deviceIndex, @Cast("int64_t*") long[] out);
    public static native int gk_copy(Pointer dst, int dstDevice, @Cast("const void*") Pointer src, int srcDevice,
                                     int deviceIndex, @Cast("size_t") long bytes, Pointer stream);
    public static native int gk_fill(@Cast("const gk_tensor*") gk_tensor t, double value, Pointer stream);

    public static native int gk_stream_create(int device, int deviceIndex, @Cast("void**") PointerPointer<?> out);
    public static native int gk_stream_destroy(int device, int deviceIndex, Pointer stream);
    public static native int gk_stream_synchronize(int device, int deviceIndex, Pointer stream);
}
