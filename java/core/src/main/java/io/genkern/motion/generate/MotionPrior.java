package io.genkern.motion.generate;

import io.genkern.GenkernException;
import io.genkern.motion.FeatureStats;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.MotionClip;
import io.genkern.motion.library.MotionLibrary;

import java.util.ArrayList;
import java.util.List;

/**
 * The data a training-free temporal denoiser attends to: every library clip's HumanML3D features,
 * z-scored with the library's statistics, cut into windows around every centre frame. A window's
 * key is its match features (see {@link MatchFeatures}) at the taps of a {@link WindowScale}; its
 * value is the full 263 features of the {@value #VALUE_FRAMES} frames around its centre. Frames past a clip's ends repeat the end frame, so
 * every frame of every clip is a centre.
 */
public final class MotionPrior {
    /** Coarse to fine: 7 taps 6, 3 and 1 frames apart (37-, 19- and 7-frame spans). */
    public static final List<WindowScale> DEFAULT_SCALES = List.of(
            new WindowScale(7, 6, 0.75), new WindowScale(7, 3, 0.35), new WindowScale(7, 1, 0));

    /** Upper bound on keys per key set; larger selections keep every k-th centre frame. */
    public static final int MAX_KEYS = 24_000;
    /** The unconditional prior (every clip) is a rough average motion: fewer keys serve it. */
    public static final int MAX_UNCONDITIONAL_KEYS = 8_000;
    /**
     * A value is the run of 2·{@value} + 1 consecutive frames around its window's centre; frame t of
     * the output averages what the windows centred at t − r … t + r say about it (overlap-add), so
     * neighbouring frames agree instead of each snapping to a different clip.
     */
    public static final int VALUE_RADIUS = 4;
    public static final int VALUE_FRAMES = 2 * VALUE_RADIUS + 1;

    private final MotionLibrary library;
    private final FeatureStats stats;
    private final List<float[][]> normalized;
    private final List<WindowScale> scales;

    public MotionPrior(MotionLibrary library, List<WindowScale> scales) {
        if (scales.isEmpty()) throw new GenkernException("a motion prior needs at least one window scale");
        for (int i = 1; i < scales.size(); i++) {
            if (scales.get(i).minBeta() >= scales.get(i - 1).minBeta()) {
                throw new GenkernException("window scales must be ordered coarse to fine by decreasing minBeta");
            }
        }
        if (scales.get(scales.size() - 1).minBeta() > 0) throw new GenkernException("the finest window scale must have minBeta 0");
        this.library = library;
        this.stats = library.stats();
        this.scales = List.copyOf(scales);
        List<float[][]> n = new ArrayList<>();
        for (float[][] f : library.features()) n.add(stats.normalize(f));
        this.normalized = n;
    }

    public MotionPrior(MotionLibrary library) {
        this(library, DEFAULT_SCALES);
    }

    public MotionLibrary library() {
        return library;
    }

    public FeatureStats stats() {
        return stats;
    }

    public List<WindowScale> scales() {
        return scales;
    }

    /** The scale used at noise level b. */
    public WindowScale scaleFor(double beta) {
        for (WindowScale s : scales) if (beta >= s.minBeta()) return s;
        return scales.get(scales.size() - 1);
    }

    /** Normalised features [T − 1][263] of clip c. */
    float[][] clipFeatures(int c) {
        return normalized.get(c);
    }

    /**
     * The windows of the clips with positive weight (every k-th centre frame when there are more
     * than the key budget) with their values and log clip weights: everything about a selection that
     * does not depend on the window scale, as host arrays ready to upload.
     */
    Selection select(ClipWeights weights) {
        if (weights.clips() != library.size()) {
            throw new GenkernException("clip weights cover " + weights.clips() + " clips but the library has " + library.size());
        }
        long frames = 0;
        for (int c = 0; c < library.size(); c++) if (weights.weights()[c] > 0) frames += normalized.get(c).length;
        int maxKeys = weights.selected() == weights.clips() ? MAX_UNCONDITIONAL_KEYS : MAX_KEYS;
        int centreStride = (int) Math.max(1, (frames + maxKeys - 1) / maxKeys);
        int k = 0;
        for (int c = 0; c < library.size(); c++) if (weights.weights()[c] > 0) k += (normalized.get(c).length + centreStride - 1) / centreStride;
        int[] owners = new int[k], centres = new int[k];
        int dv = VALUE_FRAMES * HumanMl3d.FEATURES, i = 0;
        float[] values = new float[k * dv], logWeights = new float[k];
        for (int c = 0; c < library.size(); c++) {
            if (weights.weights()[c] <= 0) continue;
            float[][] f = normalized.get(c);
            for (int t = 0; t < f.length; t += centreStride, i++) {
                owners[i] = c;
                centres[i] = t;
                for (int o = -VALUE_RADIUS; o <= VALUE_RADIUS; o++) {
                    int frame = Math.max(0, Math.min(f.length - 1, t + o));
                    System.arraycopy(f[frame], 0, values, i * dv + (o + VALUE_RADIUS) * HumanMl3d.FEATURES, HumanMl3d.FEATURES);
                }
                logWeights[i] = (float) Math.log(weights.weights()[c]);
            }
        }
        return new Selection(owners, centres, values, logWeights);
    }

    /** The keys at one scale of the windows centred at frame centres[i] of clip owners[i], and their squared norms. */
    Keys keys(int[] owners, int[] centres, WindowScale scale) {
        int dk = scale.taps() * MatchFeatures.COUNT, count = owners.length;
        float[] keys = new float[count * dk], sqNorms = new float[count];
        for (int i = 0; i < count; i++) {
            writeWindow(normalized.get(owners[i]), centres[i], scale, keys, i * dk);
            double sq = 0;
            for (int j = 0; j < dk; j++) sq += (double) keys[i * dk + j] * keys[i * dk + j];
            sqNorms[i] = (float) sq;
        }
        return new Keys(dk, keys, sqNorms);
    }

    /** Copies the match features of the window centred at frame t of f (frames clamped to f's range) to dst. */
    static void writeWindow(float[][] f, int t, WindowScale scale, float[] dst, int offset) {
        int last = f.length - 1;
        for (int tap = 0; tap < scale.taps(); tap++) {
            int frame = Math.max(0, Math.min(last, t + scale.offset(tap)));
            System.arraycopy(f[frame], 0, dst, offset + tap * MatchFeatures.COUNT, MatchFeatures.COUNT);
        }
    }

    /** Window i is centred at frame centres[i] of clip owners[i]; values [count][VALUE_FRAMES × 263] flattened. */
    record Selection(int[] owners, int[] centres, float[] values, float[] logWeights) {}

    /** Keys [count][keyDim] flattened, and their squared norms. */
    record Keys(int keyDim, float[] keys, float[] sqNorms) {}

    /** Descriptions and action labels of every clip, in library order (what prompts are matched against). */
    public List<MotionClip> clips() {
        return library.clips();
    }
}
