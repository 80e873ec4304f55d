package io.genkern.motion.generate;

import io.genkern.GenkernException;
import io.genkern.Tensor;
import io.genkern.diffusion.Denoiser;
import io.genkern.diffusion.NoiseLevel;
import io.genkern.diffusion.Parametrisation;
import io.genkern.motion.FeatureStats;
import io.genkern.motion.HumanMl3d;

/**
 * A tracker inside the sampling loop (PhysDiff's physics projection, with whatever stands behind
 * the {@link Tracker} interface): once the noise is low, each x0 prediction of the wrapped
 * denoiser is decoded, executed by the tracker and encoded again, so that the remaining steps go
 * on from motion whose feet are planted rather than from the denoiser's average of clips.
 * Inpainted controls are re-imposed by the sampler after every step, so they still hold.
 * Classifier-free guidance extrapolates from the two projected predictions, which lets some
 * sliding back in: {@link #project} is applied once more to the final sample (see MotionGenerator).
 */
final class TrackedDenoiser implements Denoiser<MotionCondition> {
    /** Predictions are projected at noise levels with β at most this (the last ~third of a cosine schedule). */
    static final double MAX_BETA = 0.3;

    private final Denoiser<MotionCondition> inner;
    private final Tracker tracker;
    private final FeatureStats stats;
    private long projectionNanos;

    TrackedDenoiser(Denoiser<MotionCondition> inner, Tracker tracker, FeatureStats stats) {
        if (inner.parametrisation() != Parametrisation.X0) {
            throw new GenkernException("a tracked denoiser needs an x0 prediction, got " + inner.parametrisation());
        }
        this.inner = inner;
        this.tracker = tracker;
        this.stats = stats;
    }

    @Override
    public Parametrisation parametrisation() {
        return Parametrisation.X0;
    }

    /** Time spent decoding, tracking and encoding predictions. */
    long projectionNanos() {
        return projectionNanos;
    }

    @Override
    public void predict(Tensor x, NoiseLevel level, MotionCondition cond, Tensor out) {
        inner.predict(x, level, cond, out);
        if (level.beta() > MAX_BETA) return;
        long[] shape = x.shape();
        out.copyFrom(project(out.toFloatArray(), (int) shape[0], (int) shape[1]));
    }

    /** Samples x0 [batch][frames][263] (z-scored, flattened), each decoded, tracked and encoded again. */
    float[] project(float[] x0, int batch, int frames) {
        long start = System.nanoTime();
        int f = HumanMl3d.FEATURES;
        float[] out = x0.clone();
        for (int b = 0; b < batch; b++) {
            float[][] rows = new float[frames][];
            for (int t = 0; t < frames; t++) rows[t] = java.util.Arrays.copyOfRange(x0, (b * frames + t) * f, (b * frames + t + 1) * f);
            float[][][] executed = tracker.track(HumanMl3d.recoverFromRic(stats.denormalize(rows)), new float[0][][]);
            float[][] back = stats.normalize(HumanMl3d.toFeaturesEveryFrame(executed));
            for (int t = 0; t < frames; t++) System.arraycopy(back[t], 0, out, (b * frames + t) * f, f);
        }
        projectionNanos += System.nanoTime() - start;
        return out;
    }
}
