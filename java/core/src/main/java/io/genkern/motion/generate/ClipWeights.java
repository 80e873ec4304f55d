package io.genkern.motion.generate;

import io.genkern.GenkernException;

import java.util.Arrays;

/**
 * How much each library clip may contribute to a conditional denoiser: weight 0 excludes a clip,
 * positive weights enter the softmax as log-weights (an additive per-key bias), so a clip of weight
 * 2 counts like two copies of itself. {@link #describe} says what was matched, for reports.
 */
public record ClipWeights(double[] weights, String describe) {
    public ClipWeights {
        if (weights.length == 0) throw new GenkernException("clip weights are empty");
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) throw new GenkernException("clip weight " + w + " is not a finite non-negative number");
            total += w;
        }
        if (total <= 0) throw new GenkernException("no clip has a positive weight (" + describe + ")");
    }

    /** Every clip equally: the unconditional prior. */
    public static ClipWeights uniform(int clips) {
        double[] w = new double[clips];
        Arrays.fill(w, 1);
        return new ClipWeights(w, "all clips");
    }

    public int clips() {
        return weights.length;
    }

    public int selected() {
        int n = 0;
        for (double w : weights) if (w > 0) n++;
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClipWeights c && Arrays.equals(weights, c.weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }
}
