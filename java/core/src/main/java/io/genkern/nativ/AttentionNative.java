package io.genkern.nativ;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/** JavaCPP peer of native/include/genkern/attention.h. Applications use {@link io.genkern.attention.Attention}. */
@Properties(value = @Platform(include = {"genkern/genkern.h", "genkern/attention.h"}, link = "genkern"))
public final class AttentionNative {
    static {
        Loader.load();
    }

    private AttentionNative() {}

    public static final int MAX_SEGMENTS = 4;
    /** GK_ATTENTION_MAX_HEAD_DIM: the largest Dk and Dv. */
    public static final int MAX_HEAD_DIM = 4096;

    @Name("gk_attention_segment")
    public static class gk_attention_segment extends Pointer {
        static {
            Loader.load();
        }

        public gk_attention_segment(Pointer p) {
            super(p);
        }

        @MemberGetter public native @ByRef GenkernNative.gk_tensor k();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor v();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor bias();
        public native float scale();
        public native gk_attention_segment scale(float v);
        public native float bias_const();
        public native gk_attention_segment bias_const(float v);
    }

    @Name("gk_attention_args")
    public static class gk_attention_args extends Pointer {
        static {
            Loader.load();
        }

        /** Allocates a zeroed argument block (absent optional tensors have data == NULL). */
        public gk_attention_args() {
            allocate();
            Pointer.memset(this, 0, sizeof());
        }

        private native void allocate();

        @MemberGetter public native @ByRef GenkernNative.gk_tensor q();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor out();
        public native int num_segments();
        public native gk_attention_args num_segments(int v);
        @MemberGetter public native @ByRef gk_attention_segment segments(int i);
        @MemberGetter public native @ByRef GenkernNative.gk_tensor mask();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor key_lengths();
        @MemberGetter public native @ByRef GenkernNative.gk_tensor lse();
        public native int causal();
        public native gk_attention_args causal(int v);
        public native int path();
        public native gk_attention_args path(int v);
        public native int num_splits();
        public native gk_attention_args num_splits(int v);
    }

    public static native int gk_attention(@Cast("const gk_attention_args*") gk_attention_args args, Pointer stream);
    public static native int gk_attention_choose_path(@Cast("const gk_attention_args*") gk_attention_args args,
                                                      @Cast("int32_t*") int[] path);
}
