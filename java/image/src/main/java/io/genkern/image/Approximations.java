package io.genkern.image;

import io.genkern.GenkernException;

/**
 * The speed/accuracy trade-offs of a local-score run, each off in {@link #EXACT}.
 *
 * @param poolCells patches larger than this are matched on cells × cells block sums (per channel)
 *                  instead of every pixel; the exact ‖patch‖² stays in the per-key bias, so only the
 *                  dot product of what the cells do not see is dropped. 0: exact patches.
 * @param maxKeys   at most about this many interior keys: exemplar patch positions are taken on a
 *                  regular grid of the stride that fits, at most a quarter of the patch size (so
 *                  patches up to 5×5 keep every key). 0: every patch is a key.
 */
public record Approximations(int poolCells, int maxKeys) {
    /** Every patch, every pixel: the reference machine. */
    public static final Approximations EXACT = new Approximations(0, 0);
    /** The defaults: exact patches, about 8192 keys (measured against {@link #EXACT}: benchmarks/RESULTS.md). */
    public static final Approximations DEFAULT = new Approximations(12, 8192);

    public Approximations {
        if (poolCells < 0) throw new GenkernException("pool cells must be >= 0 (0: exact patches), got " + poolCells);
        if (maxKeys < 0) throw new GenkernException("max keys must be >= 0 (0: every patch), got " + maxKeys);
    }

    public boolean exact() {
        return poolCells == 0 && maxKeys == 0;
    }
}
