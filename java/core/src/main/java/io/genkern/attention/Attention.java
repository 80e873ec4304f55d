package io.genkern.attention;

import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Stream;
import io.genkern.Tensor;
import io.genkern.nativ.AttentionNative;
import io.genkern.nativ.AttentionNative.gk_attention_args;
import io.genkern.nativ.AttentionNative.gk_attention_segment;
import io.genkern.nativ.Native;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fused attention, O = softmax(scale · QKᵀ + bias + mask) · V, without materialising the scores,
 * on whichever backend holds the tensors.
 * <pre>{@code
 * try (Scope scope = Scope.open()) {
 *     Tensor out = Attention.forward(q, k, v, AttentionOptions.builder().causal(true).build());
 * }
 * }</pre>
 * Shapes: q [B, Hq, N, Dk], k [B, Hkv, M, Dk], v [B, Hkv, M, Dv], out [B, Hq, N, Dv]; the
 * [B, N, H, D] memory layout is a {@link Tensor#permute(int...)} view away. Hq must be a multiple of
 * Hkv (grouped-query attention). Inputs share one dtype (f32, f16 or bf16); softmax and
 * accumulation run in f32. Inputs are checked here and again at the native entry point.
 * Work is enqueued on the options' stream (default: the backend's stream for this thread).
 */
public final class Attention {
    private Attention() {}

    public static Tensor forward(Tensor q, Tensor k, Tensor v) {
        return forward(q, k, v, AttentionOptions.DEFAULT);
    }

    /** Allocates out [B, Hq, N, Dv] on q's backend (owned by the caller or the open scope) and computes into it. */
    public static Tensor forward(Tensor q, Tensor k, Tensor v, AttentionOptions options) {
        if (q == null || v == null) throw new GenkernException("q and v must not be null");
        Tensor out = q.backend().allocate(q.dtype(), q.dim(0), q.dim(1), q.dim(2), v.dim(-1));
        try {
            forward(q, k, v, options, out);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    public static void forward(Tensor q, Tensor k, Tensor v, AttentionOptions options, Tensor out) {
        List<KvSegment> segments = segments(k, v, options);
        validate(q, segments, options, out);
        try (Native.Uses uses = new Native.Uses(); gk_attention_args args = fill(uses, q, segments, options, out)) {
            Stream stream = options.stream != null ? options.stream : q.backend().currentStream();
            Native.check(AttentionNative.gk_attention(args, stream.handle() == 0 ? null : Native.pointer(stream.handle())));
        }
    }

    /** The path the dispatcher takes for these arguments (after the same validation as {@link #forward}). */
    public static AttentionPath choosePath(Tensor q, Tensor k, Tensor v, AttentionOptions options, Tensor out) {
        List<KvSegment> segments = segments(k, v, options);
        validate(q, segments, options, out);
        try (Native.Uses uses = new Native.Uses(); gk_attention_args args = fill(uses, q, segments, options, out)) {
            int[] path = new int[1];
            Native.check(AttentionNative.gk_attention_choose_path(args, path));
            return AttentionPath.of(path[0]);
        }
    }

    /** The main keys and values (with the call's scale and bias) followed by the extra segments. */
    private static List<KvSegment> segments(Tensor k, Tensor v, AttentionOptions options) {
        List<KvSegment> segments = new ArrayList<>();
        KvSegment main = KvSegment.of(k, v);
        main.bias = options.bias;
        main.scale = options.scale;
        segments.add(main);
        segments.addAll(options.segments);
        return segments;
    }

    private static gk_attention_args fill(Native.Uses uses, Tensor q, List<KvSegment> segments, AttentionOptions o, Tensor out) {
        gk_attention_args args = new gk_attention_args();
        float defaultScale = o.scale != null ? o.scale : (float) (1.0 / Math.sqrt(q.dim(3)));
        uses.describe(q, args.q());
        uses.describe(out, args.out());
        args.num_segments(segments.size());
        for (int s = 0; s < segments.size(); s++) {
            KvSegment seg = segments.get(s);
            gk_attention_segment dst = args.segments(s);
            uses.describe(seg.k, dst.k());
            uses.describe(seg.v, dst.v());
            uses.describe(seg.bias, dst.bias());
            dst.scale(seg.scale != null ? seg.scale : defaultScale).bias_const(seg.biasConst);
        }
        uses.describe(o.mask, args.mask());
        uses.describe(o.keyLengths, args.key_lengths());
        uses.describe(o.lse, args.lse());
        return args.causal(o.causal ? 1 : 0).path(o.path.code()).num_splits(o.numSplits);
    }

    // Java-side checks mirror attention_api.cpp so that mistakes surface before any native call.
    private static void validate(Tensor q, List<KvSegment> segments, AttentionOptions o, Tensor out) {
        rank(q, "q", 4);
        if (!q.dtype().isFloat()) throw new GenkernException("q has dtype " + q.dtype() + "; attention supports f32, f16 and bf16");
        if (segments.size() > AttentionNative.MAX_SEGMENTS) {
            throw new GenkernException("attention takes at most " + AttentionNative.MAX_SEGMENTS + " key/value segments, got "
                    + segments.size());
        }
        long b = q.dim(0), hq = q.dim(1), n = q.dim(2), dk = q.dim(3);
        long hkv = -1, dv = -1, m = 0;
        for (int s = 0; s < segments.size(); s++) {
            KvSegment seg = segments.get(s);
            String kn = segments.size() == 1 ? "k" : "k (segment " + s + ")";
            String vn = segments.size() == 1 ? "v" : "v (segment " + s + ")";
            rank(seg.k, kn, 4);
            rank(seg.v, vn, 4);
            if (seg.k.dtype() != q.dtype() || seg.v.dtype() != q.dtype()) {
                throw new GenkernException("expected q, " + kn + " and " + vn + " to have the same dtype, but got q: " + q.dtype()
                        + ", " + kn + ": " + seg.k.dtype() + ", " + vn + ": " + seg.v.dtype());
            }
            sameDevice(seg.k, kn, q);
            sameDevice(seg.v, vn, q);
            if (seg.k.dim(0) != b) throw new GenkernException(kn + " has batch " + seg.k.dim(0) + " but q has " + b);
            if (seg.v.dim(0) != b) throw new GenkernException(vn + " has batch " + seg.v.dim(0) + " but q has " + b);
            if (seg.k.dim(3) != dk) throw new GenkernException(kn + " has head dim " + seg.k.dim(3) + " but q has " + dk);
            if (seg.v.dim(2) != seg.k.dim(2)) {
                throw new GenkernException(vn + " has " + seg.v.dim(2) + " keys but " + kn + " has " + seg.k.dim(2));
            }
            if (seg.k.dim(1) != seg.v.dim(1)) {
                throw new GenkernException(vn + " has " + seg.v.dim(1) + " heads but " + kn + " has " + seg.k.dim(1));
            }
            if (s == 0) {
                hkv = seg.k.dim(1);
                dv = seg.v.dim(3);
                if (hkv <= 0 || hq % hkv != 0) {
                    throw new GenkernException("number of heads in key/value (" + hkv + ") must divide number of heads in query (" + hq + ")");
                }
            } else {
                if (seg.k.dim(1) != hkv) throw new GenkernException(kn + " has " + seg.k.dim(1) + " heads but segment 0 has " + hkv);
                if (seg.v.dim(3) != dv) throw new GenkernException(vn + " has head dim " + seg.v.dim(3) + " but segment 0 has " + dv);
            }
            if (seg.bias != null) {
                String bn = segments.size() == 1 ? "bias" : "bias (segment " + s + ")";
                rank(seg.bias, bn, 3);
                f32(seg.bias, bn);
                sameDevice(seg.bias, bn, q);
                expectShape(seg.bias, bn, new long[] {b, hkv, seg.k.dim(2)}, "(batch, kv heads, keys)");
            }
            m += seg.k.dim(2);
        }
        if (m == 0) throw new GenkernException("k has no keys (M = 0 over all segments)");
        rank(out, "out", 4);
        if (out.dtype() != q.dtype()) throw new GenkernException("out has dtype " + out.dtype() + " but q has " + q.dtype());
        sameDevice(out, "out", q);
        expectShape(out, "out", new long[] {b, hq, n, dv}, "");
        if (o.mask != null) {
            rank(o.mask, "mask", 4);
            f32(o.mask, "mask");
            sameDevice(o.mask, "mask", q);
            long[] full = {b, hq, n, m};
            for (int d = 0; d < 4; d++) {
                if (o.mask.dim(d) != full[d] && o.mask.dim(d) != 1) {
                    throw new GenkernException("mask has shape " + Arrays.toString(o.mask.shape()) + ", not broadcastable to "
                            + Arrays.toString(full) + " (dimension " + d + " is " + o.mask.dim(d) + ")");
                }
            }
        }
        if (o.keyLengths != null) {
            rank(o.keyLengths, "key_lengths", 1);
            if (o.keyLengths.dtype() != DType.I32) {
                throw new GenkernException("key_lengths has dtype " + o.keyLengths.dtype() + ", expected i32");
            }
            sameDevice(o.keyLengths, "key_lengths", q);
            if (o.keyLengths.dim(0) != b) {
                throw new GenkernException("key_lengths has " + o.keyLengths.dim(0) + " entries but q has batch " + b);
            }
        }
        if (o.lse != null) {
            rank(o.lse, "lse", 3);
            f32(o.lse, "lse");
            sameDevice(o.lse, "lse", q);
            expectShape(o.lse, "lse", new long[] {b, hq, n}, "");
        }
    }

    private static void rank(Tensor t, String name, int rank) {
        if (t == null) throw new GenkernException(name + " is null");
        if (t.isClosed()) throw new GenkernException(name + " (" + t + ") is closed");
        if (t.rank() != rank) {
            throw new GenkernException(name + " must have " + rank + " dimensions but has " + t.rank() + " (shape "
                    + Arrays.toString(t.shape()) + ")");
        }
    }

    private static void f32(Tensor t, String name) {
        if (t.dtype() != DType.F32) throw new GenkernException(name + " has dtype " + t.dtype() + ", expected f32");
    }

    private static void sameDevice(Tensor t, String name, Tensor q) {
        if (!t.device().equals(q.device())) {
            throw new GenkernException(name + " is on " + t.device() + " but q is on " + q.device());
        }
    }

    private static void expectShape(Tensor t, String name, long[] expected, String what) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new GenkernException(name + " must have shape " + Arrays.toString(expected) + (what.isEmpty() ? "" : " " + what)
                    + " but has " + Arrays.toString(t.shape()));
        }
    }
}
