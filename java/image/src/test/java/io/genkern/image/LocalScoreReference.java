package io.genkern.image;

import java.util.List;

/**
 * The local score machines written out from their definitions in float64, by brute force: the
 * softmax over −‖q − a·key‖²/(2b²) with the distances summed in full (not the expanded form the
 * denoiser uses), for checking {@link LocalScoreDenoiser} on small images.
 */
final class LocalScoreReference {
    private LocalScoreReference() {}

    /** x0 estimate for one sample x (HWC in [−1, 1]) from exemplars (HWC in [−1, 1], sizes {h, w}). */
    static double[] predict(LocalScoreModel model, float[] x, int h, int w, int c, List<float[]> exemplars, List<int[]> sizes, int k,
                            double a, double b) {
        int r = k / 2;
        double[] out = new double[h * w * c];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double max = Double.NEGATIVE_INFINITY;
                int n = 0;
                double[] logits = new double[count(exemplars, sizes)];
                double[][] centres = new double[logits.length][];
                for (int e = 0; e < exemplars.size(); e++) {
                    int eh = sizes.get(e)[0], ew = sizes.get(e)[1];
                    for (int ei = 0; ei < eh; ei++) {
                        for (int ej = 0; ej < ew; ej++) {
                            if (!matches(model, i, j, h, w, ei, ej, eh, ew, r)) continue;
                            double d = 0;
                            for (int dy = -r; dy <= r; dy++) {
                                for (int dx = -r; dx <= r; dx++) {
                                    for (int ch = 0; ch < c; ch++) {
                                        double q = model == LocalScoreModel.ELS ? at(x, h, w, c, Math.floorMod(i + dy, h), Math.floorMod(j + dx, w), ch)
                                                : at(x, h, w, c, i + dy, j + dx, ch);
                                        double kv = at(exemplars.get(e), eh, ew, c, ei + dy, ej + dx, ch);
                                        d += (q - a * kv) * (q - a * kv);
                                    }
                                }
                            }
                            logits[n] = -d / (2 * b * b);
                            double[] centre = new double[c];
                            for (int ch = 0; ch < c; ch++) centre[ch] = at(exemplars.get(e), eh, ew, c, ei, ej, ch);
                            centres[n++] = centre;
                            max = Math.max(max, logits[n - 1]);
                        }
                    }
                }
                double sum = 0;
                double[] acc = new double[c];
                for (int t = 0; t < n; t++) {
                    double wgt = Math.exp(logits[t] - max);
                    sum += wgt;
                    for (int ch = 0; ch < c; ch++) acc[ch] += wgt * centres[t][ch];
                }
                for (int ch = 0; ch < c; ch++) out[(i * w + j) * c + ch] = acc[ch] / sum;
            }
        }
        return out;
    }

    /** Whether exemplar position (ei, ej) is a key for output pixel (i, j). */
    private static boolean matches(LocalScoreModel model, int i, int j, int h, int w, int ei, int ej, int eh, int ew, int r) {
        boolean interiorKey = ei >= r && ei < eh - r && ej >= r && ej < ew - r;
        return switch (model) {
            case ELS -> interiorKey;
            case LS -> ei == i && ej == j;
            case BBELS -> sameEdge(i, h, ei, eh, r) && sameEdge(j, w, ej, ew, r);
            case IDEAL -> throw new IllegalArgumentException("the ideal denoiser has no patches");
        };
    }

    // Along one axis: both interior, or both at the same distance from the same edge.
    private static boolean sameEdge(int i, int n, int ei, int en, int r) {
        boolean inside = i >= r && i < n - r, eInside = ei >= r && ei < en - r;
        if (inside || eInside) return inside && eInside;
        if (i < r) return ei == i;
        return en - ei == n - i && ei >= r; // bottom/right band, not also in the top/left band
    }

    private static double at(float[] img, int h, int w, int c, int i, int j, int ch) {
        return i < 0 || i >= h || j < 0 || j >= w ? 0 : img[(i * w + j) * c + ch];
    }

    private static int count(List<float[]> exemplars, List<int[]> sizes) {
        int n = 0;
        for (int[] s : sizes) n += s[0] * s[1];
        return n;
    }
}
