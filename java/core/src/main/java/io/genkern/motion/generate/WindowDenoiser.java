package io.genkern.motion.generate;

import io.genkern.Backend;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.attention.Attention;
import io.genkern.attention.AttentionOptions;
import io.genkern.diffusion.Denoiser;
import io.genkern.diffusion.NoiseLevel;
import io.genkern.diffusion.Parametrisation;
import io.genkern.motion.HumanMl3d;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimal denoiser of the motion library restricted to local temporal windows (the temporal
 * analogue of the equivariant local score machine), predicting x0 frame by frame:
 *
 * <pre>
 *   D(x)_t = Σ_i softmax_i( (a/b²)·q_t·k_i − a²‖k_i‖²/(2b²) + log w_i ) · v_i
 * </pre>
 *
 * where q_t is the window of the noisy sample around frame t, k_i every window of every selected
 * library clip, v_i the frames around that window's centre (overlap-added into the output) and w_i
 * its clip's weight. One fused attention per span and noise level computes it: logit scale a/b², a
 * per-key bias, head dims Dk = taps × 67 and Dv = {@value MotionPrior#VALUE_FRAMES} × 263 (the
 * general path), split-KV when few frames meet many windows. Samples are [B, T, 263] in z-scored
 * feature space.
 */
public final class WindowDenoiser implements Denoiser<MotionCondition>, AutoCloseable {
    private static final double MIN_BETA = 1e-3; // the logit scale a/b² must stay finite

    /** Default bound on the backend memory held by cached window selections (keys, values, biases). */
    public static final long DEFAULT_CACHE_BYTES = 1L << 30;

    private final MotionPrior prior;
    private final Backend backend;
    private final long cacheBytes;
    // Least recently used first: a service that meets many prompts keeps the recent ones.
    private final Map<ClipWeights, Selected> selections = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes, attentionNanos, predictNanos;

    public WindowDenoiser(MotionPrior prior, Backend backend) {
        this(prior, backend, DEFAULT_CACHE_BYTES);
    }

    /**
     * A denoiser that keeps the window selections it has uploaded (per clip weighting: values
     * shared by every scale, keys per scale) for later sampling runs; {@link #trimCache} drops the
     * least recently used beyond {@code cacheBytes}.
     */
    public WindowDenoiser(MotionPrior prior, Backend backend, long cacheBytes) {
        if (cacheBytes < 0) throw new GenkernException("the window cache size must not be negative, got " + cacheBytes);
        this.prior = prior;
        this.backend = backend;
        this.cacheBytes = cacheBytes;
    }

    /** Backend bytes held by cached window selections now. */
    public long cachedBytes() {
        return cachedBytes;
    }

    @Override
    public Parametrisation parametrisation() {
        return Parametrisation.X0;
    }

    /** Time spent in the fused attention (including its synchronisation), for speed breakdowns. */
    public long attentionNanos() {
        return attentionNanos;
    }

    /** Time spent in {@link #predict}, the attention included. */
    public long predictNanos() {
        return predictNanos;
    }

    @Override
    public void predict(Tensor x, NoiseLevel level, MotionCondition cond, Tensor out) {
        long start = System.nanoTime();
        long[] shape = x.shape();
        if (shape.length != 3 || shape[2] != HumanMl3d.FEATURES) {
            throw new GenkernException("motion samples must be [B, T, " + HumanMl3d.FEATURES + "], got " + x);
        }
        int batch = (int) shape[0], frames = (int) shape[1], dv = HumanMl3d.FEATURES, r = MotionPrior.VALUE_RADIUS;
        if (cond.frames() != frames) {
            throw new GenkernException("the condition covers " + cond.frames() + " frames but the sample has " + frames);
        }
        float[] sample = x.toFloatArray();
        double a = level.alpha(), b = Math.max(level.beta(), MIN_BETA);
        WindowScale scale = prior.scaleFor(level.beta());
        float[] result = new float[sample.length];
        float[] weightSum = new float[batch * frames];
        for (int s = 0; s < cond.spans().size(); s++) {
            int first = cond.first(s), last = cond.last(s), rows = (last - first) * batch;
            Selected selected = selection(cond.spans().get(s).weights());
            int keyDim = scale.taps() * MatchFeatures.COUNT;
            float[] queries = new float[rows * keyDim];
            float[][] frameView = new float[frames][];
            for (int bi = 0; bi < batch; bi++) {
                for (int t = 0; t < frames; t++) {
                    frameView[t] = java.util.Arrays.copyOfRange(sample, (bi * frames + t) * dv, (bi * frames + t + 1) * dv);
                }
                for (int t = first; t < last; t++) {
                    MotionPrior.writeWindow(frameView, t, scale, queries, ((bi * (last - first)) + (t - first)) * keyDim);
                }
            }
            float[] denoised = selected.attend(scale, queries, rows, a, b);
            // Overlap-add: the window centred at c predicts frames c − r … c + r, weighted by a
            // triangle (its centre counts most) and by the span's handshake weight at that frame.
            for (int bi = 0; bi < batch; bi++) {
                for (int c = first; c < last; c++) {
                    int src = ((bi * (last - first)) + (c - first)) * MotionPrior.VALUE_FRAMES * dv;
                    for (int o = -r; o <= r; o++) {
                        int t = c + o;
                        if (t < 0 || t >= frames) continue;
                        float w = (float) (cond.weight(s, t) * (r + 1 - Math.abs(o)));
                        if (w == 0) continue;
                        int from = src + (o + r) * dv, dst = (bi * frames + t) * dv;
                        for (int d = 0; d < dv; d++) result[dst + d] += w * denoised[from + d];
                        weightSum[bi * frames + t] += w;
                    }
                }
            }
        }
        for (int i = 0; i < weightSum.length; i++) {
            float inv = 1 / weightSum[i];
            for (int d = 0; d < dv; d++) result[i * dv + d] *= inv;
        }
        out.copyFrom(result);
        predictNanos += System.nanoTime() - start;
    }

    private Selected selection(ClipWeights weights) {
        Selected selected = selections.get(weights);
        if (selected == null) {
            selected = new Selected(prior.select(weights));
            selections.put(weights, selected);
            cachedBytes += selected.bytes;
        }
        return selected;
    }

    /**
     * Drops the least recently used selections until the cache fits its budget. Called between
     * sampling runs (never during one, so a run whose own selections exceed the budget does not
     * rebuild them step after step).
     */
    public void trimCache() {
        Iterator<Selected> it = selections.values().iterator();
        while (cachedBytes > cacheBytes && it.hasNext()) {
            Selected s = it.next();
            it.remove();
            cachedBytes -= s.bytes;
            s.close();
        }
    }

    @Override
    public void close() {
        for (Selected s : selections.values()) s.close();
        selections.clear();
        cachedBytes = 0;
    }

    /** One selection of windows on the backend: values and biases for every scale, keys per scale. */
    private final class Selected implements AutoCloseable {
        final int[] owners, centres; // the windows (the host copy of their values is not kept)
        final float[] logWeights;
        final Tensor values, bias;
        final Map<WindowScale, Tensor> keys = new HashMap<>();
        final Map<WindowScale, float[]> sqNorms = new HashMap<>();
        long bytes;

        Selected(MotionPrior.Selection windows) {
            owners = windows.owners();
            centres = windows.centres();
            logWeights = windows.logWeights();
            // Cached across sampling runs: kept out of whatever scope the caller has open.
            try (Scope own = Scope.open()) {
                values = own.keep(backend.allocate(DType.F32, 1, 1, owners.length, MotionPrior.VALUE_FRAMES * HumanMl3d.FEATURES)
                        .copyFrom(windows.values()));
                bias = own.keep(backend.allocate(DType.F32, 1, 1, owners.length));
            }
            bytes = values.byteSize() + bias.byteSize();
        }

        float[] attend(WindowScale scale, float[] queries, int rows, double a, double b) {
            Tensor k = keys.get(scale);
            if (k == null) {
                MotionPrior.Keys host = prior.keys(owners, centres, scale);
                try (Scope own = Scope.open()) {
                    k = own.keep(backend.allocate(DType.F32, 1, 1, owners.length, host.keyDim()).copyFrom(host.keys()));
                }
                keys.put(scale, k);
                sqNorms.put(scale, host.sqNorms());
                bytes += k.byteSize();
                cachedBytes += k.byteSize();
            }
            float[] sq = sqNorms.get(scale), biasValues = new float[owners.length];
            double c = -a * a / (2 * b * b);
            for (int i = 0; i < biasValues.length; i++) biasValues[i] = (float) (c * sq[i] + logWeights[i]);
            bias.copyFrom(biasValues);
            try (Tensor q = backend.allocate(DType.F32, 1, 1, rows, k.shape()[3]).copyFrom(queries)) {
                long start = System.nanoTime();
                try (Tensor out = Attention.forward(q, k, values, AttentionOptions.builder().scale((float) (a / (b * b))).bias(bias).build())) {
                    float[] result = out.toFloatArray();
                    attentionNanos += System.nanoTime() - start;
                    return result;
                }
            }
        }

        @Override
        public void close() {
            for (Tensor k : keys.values()) k.close();
            values.close();
            bias.close();
        }
    }
}
