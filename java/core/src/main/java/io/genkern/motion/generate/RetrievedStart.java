package io.genkern.motion.generate;

import io.genkern.motion.HumanMl3d;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where sampling starts: each part filled with library clips of its own selection (drawn by clip
 * weight with the seed, one after another), cut to the part's length where the clips move most,
 * the parts laid end to end. The generator noises this to a high level and samples from there
 * (SDEdit) instead of from pure noise.
 * <p>
 * Why: from pure noise the window denoiser's first answers average every window of every selected
 * clip, whatever its phase, and the average of a walk cycle is a slow shuffle, the average of a
 * jump a half crouch. A deterministic sampler then settles near those averages: slow walks, parts
 * with no jump, squats frozen half-way. A start that already holds one real instance of each part
 * keeps its coarse structure (the speed, the event and when it happens), while the high noise
 * leaves the denoiser free to rewrite the rest.
 */
final class RetrievedStart {
    private RetrievedStart() {}

    /** Normalised features [frames][263] for the parts of {@code cond}, drawn from {@code random}. */
    static float[][] compose(MotionPrior prior, MotionCondition cond, SplittableRandom random) {
        List<float[][]> raw = prior.library().features();
        float[][] out = new float[cond.frames()][];
        for (MotionCondition.Span span : cond.spans()) {
            int length = span.end() - span.start();
            List<float[]> filled = new ArrayList<>();
            List<Double> movement = new ArrayList<>();
            // At least twice the part's length, so the cut can be placed where the action happens.
            while (filled.size() < 2 * length) {
                int clip = draw(span.weights().weights(), random);
                float[][] normalized = prior.clipFeatures(clip), features = raw.get(clip);
                for (int t = 0; t < normalized.length; t++) {
                    filled.add(normalized[t]);
                    movement.add(movement(features[t]));
                }
            }
            int start = busiestStart(movement, length, random);
            for (int t = 0; t < length; t++) out[span.start() + t] = filled.get(start + t);
        }
        return out;
    }

    /** A start, among those within {@value #BUSY_FRACTION} of the busiest cut, drawn at random. */
    private static int busiestStart(List<Double> movement, int length, SplittableRandom random) {
        int starts = movement.size() - length + 1;
        double[] sum = new double[starts];
        double window = 0, best = 0;
        for (int t = 0; t < movement.size(); t++) {
            window += movement.get(t);
            if (t >= length) window -= movement.get(t - length);
            if (t >= length - 1) {
                sum[t - length + 1] = window;
                best = Math.max(best, window);
            }
        }
        List<Integer> busy = new ArrayList<>();
        for (int s = 0; s < starts; s++) if (sum[s] >= BUSY_FRACTION * best) busy.add(s);
        return busy.get(random.nextInt(busy.size()));
    }

    private static final double BUSY_FRACTION = 0.85;

    /** How much a frame moves: the squared joint velocities (m/frame) of its features. */
    private static double movement(float[] features) {
        double sum = 0;
        for (int i = HumanMl3d.LOCAL_VELOCITIES; i < HumanMl3d.FOOT_CONTACTS; i++) sum += (double) features[i] * features[i];
        return sum;
    }

    private static int draw(double[] weights, SplittableRandom random) {
        double total = 0;
        for (double w : weights) total += w;
        double u = random.nextDouble() * total;
        for (int c = 0; c < weights.length; c++) {
            u -= weights[c];
            if (u < 0 && weights[c] > 0) return c;
        }
        for (int c = weights.length - 1; ; c--) if (weights[c] > 0) return c; // rounding at the very end
    }
}
