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
 * feature space. Key sets are uploaded once per (clips, scale) and kept until close().
 */
public final class WindowDenoiser implements Denoiser<MotionCondition>, AutoCloseable {
    private static final double MIN_BETA = 1e-3; // the logit scale a/b² must stay finite

    private final MotionPrior prior;
    private final Backend backend;
    private final Map<ClipWeights, Map<WindowScale, KeySet>> keySets = new HashMap<>();
    private long attentionNanos;

    public WindowDenoiser(MotionPrior prior, Backend backend) {
        this.prior = prior;
        this.backend = backend;
    }

    @Override
    public Parametrisation parametrisation() {
        return Parametrisation.X0;
    }

    /** Time spent in the fused attention (including its synchronisation), for speed breakdowns. */
    public long attentionNanos() {
        return attentionNanos;
    }

    @Override
    public void predict(Tensor x, NoiseLevel level, MotionCondition cond, Tensor out) {
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
            KeySet keys = keySet(cond.spans().get(s).weights(), scale);
            float[] queries = new float[rows * keys.keyDim];
            float[][] frameView = new float[frames][];
            for (int bi = 0; bi < batch; bi++) {
                for (int t = 0; t < frames; t++) {
                    frameView[t] = java.util.Arrays.copyOfRange(sample, (bi * frames + t) * dv, (bi * frames + t + 1) * dv);
                }
                for (int t = first; t < last; t++) {
                    MotionPrior.writeWindow(frameView, t, scale, queries, ((bi * (last - first)) + (t - first)) * keys.keyDim);
                }
            }
            float[] denoised = keys.attend(queries, rows, a, b);
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
    }

    private KeySet keySet(ClipWeights weights, WindowScale scale) {
        return keySets.computeIfAbsent(weights, w -> new HashMap<>())
                .computeIfAbsent(scale, s -> new KeySet(prior.windows(weights, s)));
    }

    @Override
    public void close() {
        for (Map<WindowScale, KeySet> m : keySets.values()) for (KeySet k : m.values()) k.close();
        keySets.clear();
    }

    /** One selection of windows on the backend. */
    private final class KeySet implements AutoCloseable {
        final int count, keyDim;
        final Tensor keys, values, bias;
        final float[] sqNorms, logWeights;

        KeySet(MotionPrior.Windows w) {
            count = w.count();
            keyDim = w.keyDim();
            // Cached across sampling runs: kept out of whatever scope the caller has open.
            try (Scope own = Scope.open()) {
                keys = own.keep(backend.allocate(DType.F32, 1, 1, count, keyDim).copyFrom(w.keys()));
                values = own.keep(backend.allocate(DType.F32, 1, 1, count, MotionPrior.VALUE_FRAMES * HumanMl3d.FEATURES).copyFrom(w.values()));
                bias = own.keep(backend.allocate(DType.F32, 1, 1, count));
            }
            sqNorms = w.sqNorms();
            logWeights = w.logWeights();
        }

        float[] attend(float[] queries, int rows, double a, double b) {
            float[] biasValues = new float[count];
            double c = -a * a / (2 * b * b);
            for (int i = 0; i < count; i++) biasValues[i] = (float) (c * sqNorms[i] + logWeights[i]);
            bias.copyFrom(biasValues);
            try (Tensor q = backend.allocate(DType.F32, 1, 1, rows, keyDim).copyFrom(queries)) {
                long start = System.nanoTime();
                try (Tensor out = Attention.forward(q, keys, values,
                        AttentionOptions.builder().scale((float) (a / (b * b))).bias(bias).build())) {
                    float[] result = out.toFloatArray();
                    attentionNanos += System.nanoTime() - start;
                    return result;
                }
            }
        }

        @Override
        public void close() {
            keys.close();
            values.close();
            bias.close();
        }
    }
}
