package io.genkern.attention;

import io.genkern.GenkernException;
import io.genkern.Stream;
import io.genkern.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Optional parts of an attention call, built with {@link #builder()}; every part is optional:
 * <pre>{@code
 * AttentionOptions opts = AttentionOptions.builder().causal(true).scale(0.125f).lse(lse).build();
 * }</pre>
 * Semantics follow native/include/genkern/attention.h: causal masking is aligned bottom-right
 * when N != M (the last query sees every key), key lengths hide keys past each batch entry's
 * length, the mask is additive and broadcastable to [B, Hq, N, M].
 */
public final class AttentionOptions {
    public static final AttentionOptions DEFAULT = builder().build();

    final boolean causal;
    final Float scale;
    final Tensor bias;
    final Tensor mask;
    final Tensor keyLengths;
    final Tensor lse;
    final List<KvSegment> segments;
    final AttentionPath path;
    final int numSplits;
    final Stream stream;

    private AttentionOptions(Builder b) {
        causal = b.causal;
        scale = b.scale;
        bias = b.bias;
        mask = b.mask;
        keyLengths = b.keyLengths;
        lse = b.lse;
        segments = Collections.unmodifiableList(new ArrayList<>(b.segments));
        path = b.path;
        numSplits = b.numSplits;
        stream = b.stream;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private boolean causal;
        private Float scale;
        private Tensor bias, mask, keyLengths, lse;
        private final List<KvSegment> segments = new ArrayList<>();
        private AttentionPath path = AttentionPath.fromProperty();
        private int numSplits;
        private Stream stream;

        private Builder() {}

        /** Causal mask, aligned bottom-right: query i sees key j iff j &lt;= i + (M - N). */
        public Builder causal(boolean causal) {
            this.causal = causal;
            return this;
        }

        /** Logit scale for the main keys; default 1/sqrt(Dk). */
        public Builder scale(float scale) {
            if (!Float.isFinite(scale)) throw new GenkernException("attention scale " + scale + " is not finite");
            this.scale = scale;
            return this;
        }

        /** Additive per-key bias for the main keys, f32 [B, Hkv, M]. */
        public Builder bias(Tensor bias) {
            this.bias = bias;
            return this;
        }

        /** Additive mask, f32, rank 4, broadcastable to [B, Hq, N, M_total]; -inf hides a key. */
        public Builder mask(Tensor mask) {
            this.mask = mask;
            return this;
        }

        /** i32 [B]: batch entry b attends only to the first keyLengths[b] keys (over all segments). */
        public Builder keyLengths(Tensor keyLengths) {
            this.keyLengths = keyLengths;
            return this;
        }

        /** Output f32 [B, Hq, N]: natural log of the sum of exp of the final logits. */
        public Builder lse(Tensor lse) {
            this.lse = lse;
            return this;
        }

        /** Extra key/value segments attended after the main ones (up to 3). */
        public Builder segments(KvSegment... extra) {
            Collections.addAll(segments, extra);
            return this;
        }

        /** Forces an implementation path (default: the genkern.attention.path property, else AUTO). */
        public Builder path(AttentionPath path) {
            this.path = path;
            return this;
        }

        /** Split-KV chunk count (0 = choose). */
        public Builder numSplits(int numSplits) {
            if (numSplits < 0) throw new GenkernException("numSplits is " + numSplits + "; expected 0 (choose) or more");
            this.numSplits = numSplits;
            return this;
        }

        /** Stream to enqueue on (CUDA); default: the backend's stream for this thread. */
        public Builder stream(Stream stream) {
            this.stream = stream;
            return this;
        }

        public AttentionOptions build() {
            return new AttentionOptions(this);
        }
    }
}
