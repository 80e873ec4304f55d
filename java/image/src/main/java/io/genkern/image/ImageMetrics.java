package io.genkern.image;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Quality measures for generated images that need no trained network (../reference:
 * image-methods): how new an output is (nearest exemplar, copied patches), whether it has the
 * exemplars' patch statistics (sliced Wasserstein distance of patch distributions), and whether a
 * tile's wrap-around seam is as smooth as its interior. Deterministic: sampling of patches and
 * projection directions is seeded.
 */
public final class ImageMetrics {
    private static final int PATCH_SAMPLES = 2048, DIRECTIONS = 64, COPY_QUERIES = 256;
    /** A patch counts as copied when its RMS distance to an exemplar patch is below this (2 of 255 levels). */
    public static final double COPY_RMS = 2 / 255.0;

    private ImageMetrics() {}

    /**
     * @param nearestExemplarRms RMS pixel distance to the closest exemplar (NaN when no exemplar has the output's size)
     * @param copiedPatchShare   share of 7×7 output patches within {@link #COPY_RMS} of some exemplar patch
     * @param swd3 sliced Wasserstein distance between 3×3 patch distributions of output and exemplars
     * @param swd7 the same for 7×7 patches
     * @param seamRatio mean wrap-around neighbour difference over the mean interior one (≈ 1 for a seamless tile)
     */
    public record Report(double nearestExemplarRms, double copiedPatchShare, double swd3, double swd7, double seamRatio) {}

    public static Report of(Image output, List<Image> exemplars, long seed) {
        List<Image> ex = exemplars.stream().map(e -> e.withChannels(output.channels())).toList();
        return new Report(nearestExemplarRms(output, ex), copiedPatchShare(output, ex, 7, seed), slicedWasserstein(output, ex, 3, seed),
                slicedWasserstein(output, ex, 7, seed), seamRatio(output));
    }

    public static double nearestExemplarRms(Image output, List<Image> exemplars) {
        double best = Double.NaN;
        float[] o = output.pixels();
        for (Image e : exemplars) {
            if (e.width() != output.width() || e.height() != output.height()) continue;
            float[] p = e.pixels();
            double s = 0;
            for (int i = 0; i < o.length; i++) s += (o[i] - p[i]) * (double) (o[i] - p[i]);
            double rms = Math.sqrt(s / o.length);
            if (!(rms >= best)) best = rms;
        }
        return best;
    }

    /** Mean wrap-around difference (last column to first, last row to first) over the mean interior neighbour difference. */
    public static double seamRatio(Image img) {
        int w = img.width(), h = img.height(), c = img.channels();
        double interior = 0, seam = 0;
        long ni = 0, ns = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    double v = img.get(y, x, ch);
                    double right = Math.abs(v - img.get(y, (x + 1) % w, ch)), down = Math.abs(v - img.get((y + 1) % h, x, ch));
                    if (x + 1 < w) { interior += right; ni++; } else { seam += right; ns++; }
                    if (y + 1 < h) { interior += down; ni++; } else { seam += down; ns++; }
                }
            }
        }
        return interior == 0 ? (seam == 0 ? 1 : Double.POSITIVE_INFINITY) : (seam / ns) / (interior / ni);
    }

    static double copiedPatchShare(Image output, List<Image> exemplars, int k, long seed) {
        int c = output.channels(), dim = k * k * c;
        float[][] keys = patches(exemplars, k, Integer.MAX_VALUE, seed);
        float[][] queries = patches(List.of(output), k, COPY_QUERIES, seed + 1);
        if (keys.length == 0 || queries.length == 0) return Double.NaN;
        double limit = COPY_RMS * COPY_RMS * dim;
        int copied = 0;
        for (float[] q : queries) {
            for (float[] key : keys) {
                double s = 0;
                for (int d = 0; d < dim && s < limit; d++) s += (q[d] - key[d]) * (double) (q[d] - key[d]);
                if (s < limit) {
                    copied++;
                    break;
                }
            }
        }
        return (double) copied / queries.length;
    }

    /**
     * Sliced Wasserstein-1 distance between the k×k patch distributions of the output and the
     * exemplars: the mean over random unit directions of the mean absolute difference between
     * matched quantiles of the projected patches.
     */
    static double slicedWasserstein(Image output, List<Image> exemplars, int k, long seed) {
        float[][] a = patches(List.of(output), k, PATCH_SAMPLES, seed), b = patches(exemplars, k, PATCH_SAMPLES, seed + 1);
        if (a.length == 0 || b.length == 0) return Double.NaN;
        int dim = a[0].length;
        SplittableRandom random = new SplittableRandom(seed + 2);
        double total = 0;
        double[] pa = new double[a.length], pb = new double[b.length];
        for (int t = 0; t < DIRECTIONS; t++) {
            double[] dir = new double[dim];
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                dir[d] = gaussian(random);
                norm += dir[d] * dir[d];
            }
            norm = Math.sqrt(norm);
            project(a, dir, norm, pa);
            project(b, dir, norm, pb);
            Arrays.sort(pa);
            Arrays.sort(pb);
            int n = 256;
            double s = 0;
            for (int i = 0; i < n; i++) {
                double u = (i + 0.5) / n;
                s += Math.abs(pa[(int) (u * pa.length)] - pb[(int) (u * pb.length)]);
            }
            total += s / n;
        }
        return total / DIRECTIONS;
    }

    private static void project(float[][] patches, double[] dir, double norm, double[] out) {
        for (int i = 0; i < patches.length; i++) {
            double s = 0;
            for (int d = 0; d < dir.length; d++) s += patches[i][d] * dir[d];
            out[i] = s / norm;
        }
    }

    /** Up to {@code max} k×k patches (all when there are fewer), chosen uniformly without replacement by the seed. */
    private static float[][] patches(List<Image> images, int k, int max, long seed) {
        long total = 0;
        for (Image im : images) total += (long) Math.max(0, im.height() - k + 1) * Math.max(0, im.width() - k + 1);
        if (total == 0) return new float[0][];
        int n = (int) Math.min(total, max);
        long[] picks = new long[n];
        if (n == total) {
            for (int i = 0; i < n; i++) picks[i] = i;
        } else {
            SplittableRandom random = new SplittableRandom(seed);
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < n; ) {
                long p = random.nextLong(total);
                if (seen.add(p)) picks[i++] = p;
            }
            Arrays.sort(picks);
        }
        float[][] out = new float[n][];
        for (int t = 0; t < n; t++) {
            long p = picks[t];
            for (Image im : images) {
                long rows = Math.max(0, im.height() - k + 1), cols = Math.max(0, im.width() - k + 1);
                if (p >= rows * cols) {
                    p -= rows * cols;
                    continue;
                }
                int y = (int) (p / cols), x = (int) (p % cols), c = im.channels();
                float[] patch = new float[k * k * c];
                for (int dy = 0; dy < k; dy++) {
                    for (int dx = 0; dx < k; dx++) {
                        for (int ch = 0; ch < c; ch++) patch[(dy * k + dx) * c + ch] = im.get(y + dy, x + dx, ch);
                    }
                }
                out[t] = patch;
                break;
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
