package io.genkern.motion.generate;

import io.genkern.GenkernException;

/**
 * The temporal window a denoiser token covers at one noise level: {@code taps} frames spaced
 * {@code stride} frames apart around the centre frame (span = (taps − 1)·stride + 1 frames). The
 * window shrinks as noise falls, like the patch size of the equivariant local score machine:
 * at high noise only long-range structure is identifiable, at low noise local detail.
 *
 * @param minBeta the scale applies while the noise level's b = sqrt(1 − ᾱ) is at least this
 */
public record WindowScale(int taps, int stride, double minBeta) {
    public WindowScale {
        if (taps < 1 || taps % 2 == 0) throw new GenkernException("window taps must be odd and positive, got " + taps);
        if (stride < 1) throw new GenkernException("window stride must be positive, got " + stride);
    }

    public int span() {
        return (taps - 1) * stride + 1;
    }

    /** Frame offset of tap j from the centre. */
    int offset(int tap) {
        return (tap - taps / 2) * stride;
    }
}
