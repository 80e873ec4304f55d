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
 * @param coarsePatch coarse-to-fine: a step whose patch is at least twice this runs at 1/f of the
 *                  resolution (f the largest power of two that keeps the patch at least this
 *                  large), on box-averaged samples and exemplars, and its x0 estimate is
 *                  upsampled: large patches at high noise see low frequencies. 0: full resolution.
 * @param exactUpToGflop a step whose exact attention would cost at most this many GFLOP runs
 *                  exactly (the approximations are for sizes where the exact machine is slow;
 *                  small images need none of them).
 */
public record Approximations(int poolCells, int maxKeys, int coarsePatch, double exactUpToGflop) {
    /** Every patch, every pixel: the reference machine. */
    public static final Approximations EXACT = new Approximations(0, 0, 0, 0);
    /**
     * The defaults: steps up to 24 GFLOP exact (about 0.2 s on 2 cores), larger ones with 16×16
     * cells, about 8192 keys, and coarse steps for patches of 30 and more (measured against
     * {@link #EXACT} by genkern image-eval: benchmarks/RESULTS.md).
     */
    public static final Approximations DEFAULT = new Approximations(16, 8192, 15, 24);

    public Approximations {
        if (poolCells < 0) throw new GenkernException("pool cells must be >= 0 (0: exact patches), got " + poolCells);
        if (maxKeys < 0) throw new GenkernException("max keys must be >= 0 (0: every patch), got " + maxKeys);
        if (coarsePatch < 0) throw new GenkernException("the coarse patch must be >= 0 (0: full resolution), got " + coarsePatch);
        if (!(exactUpToGflop >= 0)) throw new GenkernException("the exact-step budget must be >= 0 GFLOP, got " + exactUpToGflop);
    }

    public boolean exact() {
        return poolCells == 0 && maxKeys == 0 && coarsePatch == 0;
    }

    /** These settings for the reduced-resolution denoiser of a coarse step (which does not coarsen again). */
    Approximations atCoarseResolution() {
        return new Approximations(poolCells, maxKeys, 0, exactUpToGflop);
    }
}
