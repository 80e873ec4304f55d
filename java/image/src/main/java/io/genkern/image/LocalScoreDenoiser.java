package io.genkern.image;

import io.genkern.Backend;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.attention.Attention;
import io.genkern.attention.AttentionOptions;
import io.genkern.diffusion.Denoiser;
import io.genkern.diffusion.EmpiricalDenoiser;
import io.genkern.diffusion.NoiseLevel;
import io.genkern.diffusion.Parametrisation;
import io.genkern.nativ.AttentionNative;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The local score machines of a set of exemplar images as a {@link Denoiser} predicting x0 for
 * samples [B, H, W, C] (values in [−1, 1]). For a pixel p with query patch q_p and exemplar patch
 * keys k_i with centre pixels v_i (see {@link LocalScoreModel} for which patches meet which):
 * <pre>
 *   D(x)_p = Σ_i softmax_i( (a/b²)·q_p·k_i − a²‖k_i‖²/(2b²) ) · v_i
 * </pre>
 * (‖q_p‖² cancels): one fused attention per group of pixels that share a key set, with logit scale
 * a/b², a per-key bias and Dv = C. The patch size follows the noise level ({@link PatchSchedule});
 * the keys of the current patch size stay on the backend until it changes. Not thread-safe: one
 * sampling run at a time.
 */
public final class LocalScoreDenoiser implements Denoiser<float[]>, AutoCloseable {
    private static final double MIN_BETA = 1e-3; // keeps the logit scale a/b² finite
    private static final int INTERIOR = Integer.MAX_VALUE; // the edge class of pixels at least k/2 from both edges
    private static final long CHUNK_VALUES = 1 << 23; // query values per attention call (32 MiB of f32)

    private final Backend backend;
    private final LocalScoreModel model;
    private final List<float[]> exemplars = new ArrayList<>(); // HWC in [−1, 1]
    private final List<int[]> sizes = new ArrayList<>(); // {height, width}
    private final List<boolean[]> usable; // per exemplar: pixels keys may cover (null: all)
    private final int height, width, channels;
    private final PatchSchedule schedule;
    private final Approximations approx;
    private final EmpiricalDenoiser ideal;
    // Cached for the current patch size: exemplars padded, output pixels by edge class, key sets by class.
    private int keysFor;
    private Patches[] paddedExemplars;
    private Map<Long, int[]> groups;
    private final Map<Long, KeySet> keySets = new HashMap<>();
    private final Map<Integer, Integer> usableSize = new HashMap<>(); // scheduled patch size → the one with usable keys
    /** A log-weight that leaves an exemplar out (finite, so a softmax over only left-out keys stays defined). */
    public static final float EXCLUDED = -1e30f;

    private float[] weights; // this call's exemplar log-weights, or null
    private Approximations step, keysStep; // the settings of this step (exact when it is cheap) and of the cached keys
    private final Map<Integer, LocalScoreDenoiser> coarser = new HashMap<>(); // by resolution divisor
    private final List<Image> originals;
    private final int maxPatch;

    /**
     * @param exemplars images with the output's channel count ({@link Image#withChannels})
     * @param usable    per exemplar, the pixels a key patch may cover (content-aware fill: the known
     *                  ones), or null for all
     */
    public LocalScoreDenoiser(Backend backend, LocalScoreModel model, List<Image> exemplars, List<boolean[]> usable,
                              int height, int width, PatchSchedule schedule, Approximations approx) {
        if (exemplars.isEmpty()) throw new GenkernException("a local-score denoiser needs at least one exemplar image");
        this.backend = backend;
        this.model = model;
        this.height = height;
        this.width = width;
        this.channels = exemplars.get(0).channels();
        this.schedule = schedule;
        this.approx = approx;
        this.usable = usable;
        this.originals = List.copyOf(exemplars);
        if (usable != null && usable.size() != exemplars.size()) {
            throw new GenkernException(usable.size() + " usable-pixel masks for " + exemplars.size() + " exemplars");
        }
        for (int e = 0; e < exemplars.size(); e++) {
            Image im = exemplars.get(e);
            if (im.channels() != channels) {
                throw new GenkernException("exemplar " + e + " has " + im.channels() + " channels but exemplar 0 has " + channels);
            }
            if (model.positional() && (im.height() != height || im.width() != width)) {
                throw new GenkernException("the " + model.cliName() + " model compares pixels at the same position: exemplar " + e + " is "
                        + im.width() + "×" + im.height() + " but the output is " + width + "×" + height + " (use els or bbels for other sizes)");
            }
            if (usable != null && usable.get(e) != null && usable.get(e).length != im.width() * im.height()) {
                throw new GenkernException("the usable-pixel mask of exemplar " + e + " has " + usable.get(e).length + " entries, not "
                        + im.width() * im.height());
            }
            float[] px = im.pixels();
            for (int t = 0; t < px.length; t++) px[t] = 2 * px[t] - 1;
            this.exemplars.add(px);
            sizes.add(new int[] {im.height(), im.width()});
        }
        int limit = Math.min(height, width);
        for (int[] sz : sizes) limit = Math.min(limit, Math.min(sz[0], sz[1]));
        maxPatch = limit % 2 == 0 ? limit - 1 : limit;
        if (model == LocalScoreModel.IDEAL) {
            float[] rows = new float[exemplars.size() * height * width * channels];
            for (int e = 0; e < exemplars.size(); e++) System.arraycopy(this.exemplars.get(e), 0, rows, e * height * width * channels, height * width * channels);
            ideal = new EmpiricalDenoiser(backend, rows, exemplars.size(), height * width * channels);
        } else {
            ideal = null;
        }
    }

    @Override
    public Parametrisation parametrisation() {
        return Parametrisation.X0;
    }

    public LocalScoreModel model() {
        return model;
    }

    /**
     * The patch size used at a noise level: the schedule's, capped so that patches fit the output
     * and every exemplar (the largest odd size no larger than the smallest side).
     */
    public int patchSize(NoiseLevel level) {
        return Math.min(schedule.patchSize(level), maxPatch);
    }

    /**
     * {@code logWeights}: per exemplar, a log-weight added to the logits of its patches (class or
     * concept conditioning: {@link #EXCLUDED} leaves an exemplar out), or null for none. The
     * unconditional call of classifier-free guidance passes null or zeros.
     */
    @Override
    public void predict(Tensor x, NoiseLevel level, float[] logWeights, Tensor out) {
        long[] shape = x.shape();
        if (shape.length != 4 || shape[1] != height || shape[2] != width || shape[3] != channels) {
            throw new GenkernException("image samples must be [B, " + height + ", " + width + ", " + channels + "], got " + x);
        }
        int batch = (int) shape[0];
        if (logWeights != null && logWeights.length != exemplars.size()) {
            throw new GenkernException(logWeights.length + " exemplar log-weights for " + exemplars.size() + " exemplars");
        }
        weights = logWeights;
        if (model == LocalScoreModel.IDEAL) {
            if (logWeights != null) throw new GenkernException("the ideal denoiser takes no exemplar weights: give it the chosen exemplars");
            ideal.predict(x.reshape(batch, (long) height * width * channels), level, null, out.reshape(batch, (long) height * width * channels));
            return;
        }
        double a = level.alpha(), b = Math.max(level.beta(), MIN_BETA);
        int k = patchSize(level);
        int f = coarseFactor(chooseStep(k, batch));
        float[] result = f > 1 ? coarse(x.toFloatArray(), batch, a, b, k, f) : predictAt(x.toFloatArray(), batch, a, b, k);
        out.copyFrom(result);
    }

    /** x0 for samples (HWC in [−1, 1]) at signal scale a and noise scale b with k×k patches. */
    private float[] predictAt(float[] samples, int batch, double a, double b, int k) {
        k = chooseStep(Math.min(k, maxPatch), batch);
        int dim = Patches.featureDim(k, step.poolCells(), channels);
        if (dim > AttentionNative.MAX_HEAD_DIM) {
            throw new GenkernException(k + "×" + k + " patches of " + channels + " channels are " + dim + " values per key, more than attention's "
                    + AttentionNative.MAX_HEAD_DIM + ": pool large patches (the default approximations do) or use a smaller patch scale");
        }
        if (model != LocalScoreModel.LS) k = prepareKeys(k);
        List<Patches> queries = new ArrayList<>(batch);
        int pixels = height * width * channels;
        for (int s = 0; s < batch; s++) {
            float[] one = new float[pixels];
            System.arraycopy(samples, s * pixels, one, 0, pixels);
            queries.add(new Patches(one, height, width, channels, k, model == LocalScoreModel.ELS));
        }
        return model == LocalScoreModel.LS ? localScore(queries, k, a, b) : equivariant(queries, k, a, b);
    }

    /** Sets this step's settings (exact when cheap enough) for k×k patches; returns k. */
    private int chooseStep(int k, int batch) {
        step = exactCost(k, batch) <= approx.exactUpToGflop() * 1e9 ? Approximations.EXACT : approx;
        return k;
    }

    /** FLOPs of this step's attention with exact patches and every key. */
    private double exactCost(int k, int batch) {
        double keys = 0;
        for (int[] sz : sizes) keys += model.positional() ? 1 : (double) Math.max(1, sz[0] - k + 1) * Math.max(1, sz[1] - k + 1);
        return 2.0 * batch * height * width * keys * (k * k * channels + channels);
    }

    /** The resolution divisor for a step with k×k patches: 1, or a power of two that keeps the patch ≥ coarsePatch and the image ≥ 8 pixels. */
    private int coarseFactor(int k) {
        int c = step.coarsePatch();
        if (c == 0 || model.positional()) return 1;
        int f = 1, side = Math.min(height, width);
        for (int[] sz : sizes) side = Math.min(side, Math.min(sz[0], sz[1]));
        while (k / (2 * f) >= c && side / (2 * f) >= 8) f *= 2;
        return f;
    }

    /**
     * A step at 1/f resolution: f×f block means of the sample (noise scale b/f), rescaled to the VP
     * form, denoised with (k/f)-patches by the same machine on block-averaged exemplars, and the
     * estimate upsampled bilinearly (circularly for ELS).
     */
    private float[] coarse(float[] samples, int batch, double a, double b, int k, int f) {
        LocalScoreDenoiser low = coarser.computeIfAbsent(f, this::atResolution);
        int lh = low.height, lw = low.width, c = channels;
        double norm = 1 / Math.sqrt(a * a + b * b / (f * f));
        float[] small = new float[batch * lh * lw * c];
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < lh; i++) {
                for (int j = 0; j < lw; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        double sum = 0;
                        int n = 0;
                        for (int y = i * f; y < Math.min(i * f + f, height); y++) {
                            for (int x = j * f; x < Math.min(j * f + f, width); x++, n++) sum += samples[((s * height + y) * width + x) * c + ch];
                        }
                        small[((s * lh + i) * lw + j) * c + ch] = (float) (sum / n * norm);
                    }
                }
            }
        }
        int kl = Math.max(1, (k / f) | 1);
        low.weights = weights;
        float[] est = low.predictAt(small, batch, a * norm, b / f * norm, kl);
        float[] out = new float[samples.length];
        boolean wrap = model == LocalScoreModel.ELS;
        for (int s = 0; s < batch; s++) {
            for (int y = 0; y < height; y++) {
                double sy = (y + 0.5) / f - 0.5;
                int y0 = (int) Math.floor(sy);
                double fy = sy - y0;
                int ya = rowIndex(y0, lh, wrap), yb = rowIndex(y0 + 1, lh, wrap);
                for (int x = 0; x < width; x++) {
                    double sx = (x + 0.5) / f - 0.5;
                    int x0 = (int) Math.floor(sx);
                    double fx = sx - x0;
                    int xa = rowIndex(x0, lw, wrap), xb = rowIndex(x0 + 1, lw, wrap);
                    for (int ch = 0; ch < c; ch++) {
                        double v = (1 - fy) * ((1 - fx) * est[((s * lh + ya) * lw + xa) * c + ch] + fx * est[((s * lh + ya) * lw + xb) * c + ch])
                                + fy * ((1 - fx) * est[((s * lh + yb) * lw + xa) * c + ch] + fx * est[((s * lh + yb) * lw + xb) * c + ch]);
                        out[((s * height + y) * width + x) * c + ch] = (float) v;
                    }
                }
            }
        }
        return out;
    }

    private static int rowIndex(int i, int n, boolean wrap) {
        return wrap ? Math.floorMod(i, n) : Math.min(Math.max(i, 0), n - 1);
    }

    /** This machine at 1/f resolution: exemplars and usable-pixel masks block-averaged (a block is usable when all its pixels are). */
    private LocalScoreDenoiser atResolution(int f) {
        List<Image> small = new ArrayList<>();
        List<boolean[]> smallUsable = usable == null ? null : new ArrayList<>();
        for (int e = 0; e < originals.size(); e++) {
            Image im = originals.get(e);
            int h = (im.height() + f - 1) / f, w = (im.width() + f - 1) / f;
            small.add(im.resized(w, h));
            if (smallUsable != null) {
                boolean[] ok = usable.get(e), out = ok == null ? null : new boolean[h * w];
                if (ok != null) {
                    java.util.Arrays.fill(out, true);
                    for (int y = 0; y < im.height(); y++) {
                        for (int x = 0; x < im.width(); x++) out[(y / f) * w + x / f] &= ok[y * im.width() + x];
                    }
                }
                smallUsable.add(out);
            }
        }
        return new LocalScoreDenoiser(backend, model, small, smallUsable, (height + f - 1) / f, (width + f - 1) / f, schedule,
                approx.atCoarseResolution());
    }

    /**
     * The largest odd patch size ≤ k at which every edge class has a usable key (inpainting: keys
     * must avoid the hole, and large patches may all overlap it), with those keys on the backend.
     */
    private int prepareKeys(int k) {
        int size = usableSize.getOrDefault(k, k);
        if (keysFor == size && keysStep == step) return size;
        for (; size >= 1; size -= 2) {
            if (uploadKeys(size)) {
                usableSize.put(k, size);
                return size;
            }
        }
        throw new GenkernException("no exemplar pixel is usable as a key (the mask covers every exemplar pixel?)");
    }

    /** Key sets of every edge class at patch size k; false (and nothing kept) when a class has none. */
    private boolean uploadKeys(int k) {
        closeKeySets();
        paddedExemplars = new Patches[exemplars.size()];
        for (int e = 0; e < paddedExemplars.length; e++) {
            paddedExemplars[e] = new Patches(exemplars.get(e), sizes.get(e)[0], sizes.get(e)[1], channels, k, false);
        }
        groups = groups(k);
        for (Long group : groups.keySet()) {
            KeySet keys = keySet(k, (int) (group >> 32), (int) (long) group);
            if (keys == null) {
                closeKeySets();
                return false;
            }
            keySets.put(group, keys);
        }
        keysFor = k;
        keysStep = step;
        return true;
    }

    /** ELS and bbELS: per group of pixels with the same edge class, one attention over that class's keys. */
    private float[] equivariant(List<Patches> queries, int k, double a, double b) {
        int batch = queries.size(), dim = Patches.featureDim(k, step.poolCells(), channels);
        float[] result = new float[batch * height * width * channels];
        for (Map.Entry<Long, int[]> group : groups.entrySet()) {
            KeySet keys = keySets.get(group.getKey());
            keys.setBias(a, b, weights);
            int[] pixels = group.getValue();
            long rows = (long) batch * pixels.length;
            int chunk = (int) Math.max(1, Math.min(rows, CHUNK_VALUES / dim));
            for (long first = 0; first < rows; first += chunk) {
                int n = (int) Math.min(chunk, rows - first);
                float[] q = new float[n * dim];
                long from = first;
                IntStream.range(0, n).parallel().forEach(t -> {
                    long row = from + t;
                    int p = pixels[(int) (row % pixels.length)];
                    queries.get((int) (row / pixels.length)).feature(p / width, p % width, step.poolCells(), q, t * dim);
                });
                float[] d = keys.attend(q, n, dim, a, b);
                for (int t = 0; t < n; t++) {
                    long row = first + t;
                    int p = pixels[(int) (row % pixels.length)], s = (int) (row / pixels.length);
                    System.arraycopy(d, t * channels, result, (s * height * width + p) * channels, channels);
                }
            }
        }
        return result;
    }

    /** Output pixels by edge class (rowClass, colClass); ELS has one class, interior. */
    private Map<Long, int[]> groups(int k) {
        Map<Long, List<Integer>> lists = new HashMap<>();
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                long key = model == LocalScoreModel.ELS ? classKey(INTERIOR, INTERIOR)
                        : classKey(edgeClass(i, height, k / 2), edgeClass(j, width, k / 2));
                lists.computeIfAbsent(key, g -> new ArrayList<>()).add(i * width + j);
            }
        }
        Map<Long, int[]> out = new HashMap<>();
        lists.forEach((g, l) -> out.put(g, l.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    private static long classKey(int rowClass, int colClass) {
        return (long) rowClass << 32 | (colClass & 0xffffffffL);
    }

    /** i's distance class along an axis of n pixels: its offset from the near edge (≥ 0 top/left, < 0 bottom/right) or INTERIOR. */
    private static int edgeClass(int i, int n, int r) {
        if (i < r) return i;
        if (i >= n - r) return i - n;
        return INTERIOR;
    }

    /** The keys (exemplar patches of this edge class) on the backend, or null when no patch of the class is usable. */
    private KeySet keySet(int k, int rowClass, int colClass) {
        int r = k / 2, cells = step.poolCells(), dim = Patches.featureDim(k, cells, channels);
        boolean interior = rowClass == INTERIOR && colClass == INTERIOR;
        int stride = 1;
        if (interior && step.maxKeys() > 0) {
            long all = 0;
            for (int[] s : sizes) all += (long) Math.max(0, s[0] - 2 * r) * Math.max(0, s[1] - 2 * r);
            // Neighbouring patches overlap by all but `stride` columns: at most a quarter of the patch is skipped,
            // so small patches (low noise, where every exact match matters) keep every key.
            stride = (int) Math.max(1, Math.min(Math.ceil(Math.sqrt((double) all / step.maxKeys())), (k + 1) / 4));
        }
        List<int[]> positions = new ArrayList<>(); // {exemplar, i, j}
        for (int e = 0; e < exemplars.size(); e++) {
            int eh = sizes.get(e)[0], ew = sizes.get(e)[1];
            int[] coverage = usable == null || usable.get(e) == null ? null : unusableTable(usable.get(e), eh, ew);
            for (int i : positionsOf(rowClass, eh, r, stride)) {
                for (int j : positionsOf(colClass, ew, r, stride)) {
                    if (coverage == null || unusableIn(coverage, ew, i - r, j - r, k) == 0) positions.add(new int[] {e, i, j});
                }
            }
        }
        if (positions.isEmpty()) return null;
        int m = positions.size();
        float[] keys = new float[m * dim], values = new float[m * channels], norms = new float[m];
        IntStream.range(0, m).parallel().forEach(t -> {
            int[] pos = positions.get(t);
            Patches p = paddedExemplars[pos[0]];
            p.feature(pos[1], pos[2], cells, keys, t * dim);
            norms[t] = (float) p.squaredNorm(pos[1], pos[2]);
            for (int c = 0; c < channels; c++) values[t * channels + c] = p.centre(pos[1], pos[2], c);
        });
        int[] owners = new int[m];
        for (int t = 0; t < m; t++) owners[t] = positions.get(t)[0];
        return new KeySet(keys, values, norms, owners, m, dim);
    }

    /** Positions along an axis of n pixels in an edge class (interior ones on a grid of the stride). */
    private static int[] positionsOf(int edgeClass, int n, int r, int stride) {
        if (edgeClass != INTERIOR) {
            int i = edgeClass >= 0 ? edgeClass : n + edgeClass;
            return i >= 0 && i < n && edgeClass(i, n, r) == edgeClass ? new int[] {i} : new int[0];
        }
        return IntStream.iterate(r, i -> i < n - r, i -> i + stride).toArray();
    }

    // Summed-area table of unusable pixels, (h + 1) × (w + 1).
    private static int[] unusableTable(boolean[] ok, int h, int w) {
        int[] t = new int[(h + 1) * (w + 1)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                t[(y + 1) * (w + 1) + x + 1] = (ok[y * w + x] ? 0 : 1) + t[y * (w + 1) + x + 1] + t[(y + 1) * (w + 1) + x] - t[y * (w + 1) + x];
            }
        }
        return t;
    }

    // Unusable pixels in the k×k window at (y0, x0), clipped to the image (outside pixels are zero padding, not data).
    private static int unusableIn(int[] t, int w, int y0, int x0, int k) {
        int h = t.length / (w + 1) - 1;
        int ya = Math.max(y0, 0), yb = Math.min(y0 + k, h), xa = Math.max(x0, 0), xb = Math.min(x0 + k, w);
        return t[yb * (w + 1) + xb] - t[ya * (w + 1) + xb] - t[yb * (w + 1) + xa] + t[ya * (w + 1) + xa];
    }

    /** LS: per pixel, a softmax over the exemplars' same-position windows; pixels are the attention's batch. */
    private float[] localScore(List<Patches> queries, int k, double a, double b) {
        int batch = queries.size(), n = exemplars.size(), cells = step.poolCells(), dim = Patches.featureDim(k, cells, channels);
        Patches[] padded = new Patches[n];
        for (int e = 0; e < n; e++) padded[e] = new Patches(exemplars.get(e), height, width, channels, k, false);
        float[] result = new float[batch * height * width * channels];
        int total = height * width, chunk = (int) Math.max(1, Math.min(total, CHUNK_VALUES / ((long) dim * (n + batch))));
        for (int first = 0; first < total; first += chunk) {
            int count = Math.min(chunk, total - first), p0 = first;
            float[] q = new float[count * batch * dim], kk = new float[count * n * dim], v = new float[count * n * channels];
            float[] bias = new float[count * n];
            double c = -a * a / (2 * b * b);
            IntStream.range(0, count).parallel().forEach(t -> {
                int i = (p0 + t) / width, j = (p0 + t) % width;
                for (int s = 0; s < batch; s++) queries.get(s).feature(i, j, cells, q, (t * batch + s) * dim);
                for (int e = 0; e < n; e++) {
                    padded[e].feature(i, j, cells, kk, (t * n + e) * dim);
                    bias[t * n + e] = (float) (c * padded[e].squaredNorm(i, j) + (weights == null ? 0 : weights[e]));
                    for (int ch = 0; ch < channels; ch++) v[(t * n + e) * channels + ch] = padded[e].centre(i, j, ch);
                }
            });
            try (Scope scope = Scope.open()) {
                Tensor tq = backend.fromArray(q, count, 1, batch, dim), tk = backend.fromArray(kk, count, 1, n, dim);
                Tensor tv = backend.fromArray(v, count, 1, n, channels), tb = backend.fromArray(bias, count, 1, n);
                float[] d = Attention.forward(tq, tk, tv, AttentionOptions.builder().scale((float) (a / (b * b))).bias(tb).build()).toFloatArray();
                for (int t = 0; t < count; t++) {
                    for (int s = 0; s < batch; s++) {
                        System.arraycopy(d, (t * batch + s) * channels, result, (s * total + first + t) * channels, channels);
                    }
                }
            }
        }
        return result;
    }

    private void closeKeySets() {
        for (KeySet s : keySets.values()) s.close();
        keySets.clear();
        keysFor = 0;
    }

    @Override
    public void close() {
        closeKeySets();
        for (LocalScoreDenoiser d : coarser.values()) d.close();
        coarser.clear();
        if (ideal != null) ideal.close();
    }

    /** One class's keys, centre values and bias on the backend, with the exact squared norms on the host. */
    private final class KeySet implements AutoCloseable {
        final Tensor keys, values, bias;
        final float[] norms;
        final int[] owners; // the exemplar of each key

        KeySet(float[] k, float[] v, float[] norms, int[] owners, int m, int dim) {
            this.norms = norms;
            this.owners = owners;
            try (Scope own = Scope.open()) { // kept across calls: out of the caller's scope
                keys = own.keep(backend.fromArray(k, 1, 1, m, dim));
                values = own.keep(backend.fromArray(v, 1, 1, m, channels));
                bias = own.keep(backend.allocate(DType.F32, 1, 1, m));
            }
        }

        void setBias(double a, double b, float[] logWeights) {
            double c = -a * a / (2 * b * b);
            float[] v = new float[norms.length];
            for (int i = 0; i < v.length; i++) v[i] = (float) (c * norms[i] + (logWeights == null ? 0 : logWeights[owners[i]]));
            bias.copyFrom(v);
        }

        float[] attend(float[] q, int n, int dim, double a, double b) {
            try (Scope scope = Scope.open()) {
                Tensor tq = backend.fromArray(q, 1, 1, n, dim);
                return Attention.forward(tq, keys, values, AttentionOptions.builder().scale((float) (a / (b * b))).bias(bias).build()).toFloatArray();
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
