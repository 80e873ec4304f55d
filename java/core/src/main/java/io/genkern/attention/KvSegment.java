package io.genkern.attention;

import io.genkern.GenkernException;
import io.genkern.Tensor;

/**
 * Extra keys and values attended together with the main ones, as if concatenated along the key
 * axis but without copying ("shared" or "union" attention). Each segment has its own logit scale
 * (default: the call's scale), an optional per-key bias [B, Hkv, M_s] (f32) and a constant bias.
 */
public final class KvSegment {
    final Tensor k;
    final Tensor v;
    Float scale;
    Tensor bias;
    float biasConst;

    private KvSegment(Tensor k, Tensor v) {
        if (k == null || v == null) throw new GenkernException("a key/value segment needs both k and v");
        this.k = k;
        this.v = v;
    }

    /** k [B, Hkv, M_s, Dk], v [B, Hkv, M_s, Dv], same dtype and device as the query. */
    public static KvSegment of(Tensor k, Tensor v) {
        return new KvSegment(k, v);
    }

    public KvSegment scale(float scale) {
        this.scale = scale;
        return this;
    }

    public KvSegment bias(Tensor bias) {
        this.bias = bias;
        return this;
    }

    public KvSegment biasConst(float biasConst) {
        this.biasConst = biasConst;
        return this;
    }
}
