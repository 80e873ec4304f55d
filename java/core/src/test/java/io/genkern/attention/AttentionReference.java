package io.genkern.attention;

/** Float64 attention over Java arrays in [B, H, N, D] layout: the oracle for the Java API tests. */
final class AttentionReference {
    private AttentionReference() {}

    /**
     * @param bias [B, Hkv, M] or null; mask [B, Hq, N, M] (already broadcast) or null;
     *             keyLengths [B] or null; lse receives [B, Hq, N] when non-null.
     */
    static double[] attention(float[] q, float[] k, float[] v, int b, int hq, int hkv, int n, int m, int dk, int dv,
                              double scale, float[] bias, float[] mask, int[] keyLengths, boolean causal, double[] lse) {
        double[] out = new double[b * hq * n * dv];
        double[] logits = new double[m];
        for (int bi = 0; bi < b; bi++) {
            int len = keyLengths == null ? m : keyLengths[bi];
            for (int h = 0; h < hq; h++) {
                int hk = h / (hq / hkv);
                for (int i = 0; i < n; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < m; j++) {
                        double x = Double.NEGATIVE_INFINITY;
                        if (j < len && !(causal && j > i + (len - n))) {
                            double dot = 0;
                            for (int d = 0; d < dk; d++) {
                                dot += (double) q[((bi * hq + h) * n + i) * dk + d] * k[((bi * hkv + hk) * m + j) * dk + d];
                            }
                            x = scale * dot;
                            if (bias != null) x += bias[(bi * hkv + hk) * m + j];
                            if (mask != null) x += mask[((bi * hq + h) * n + i) * m + j];
                        }
                        logits[j] = x;
                        max = Math.max(max, x);
                    }
                    int row = (bi * hq + h) * n + i;
                    if (max == Double.NEGATIVE_INFINITY) {
                        if (lse != null) lse[row] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double sum = 0;
                    for (int j = 0; j < m; j++) {
                        double w = Math.exp(logits[j] - max);
                        sum += w;
                        for (int d = 0; d < dv; d++) out[row * dv + d] += w * v[((bi * hkv + hk) * m + j) * dv + d];
                    }
                    for (int d = 0; d < dv; d++) out[row * dv + d] /= sum;
                    if (lse != null) lse[row] = max + Math.log(sum);
                }
            }
        }
        return out;
    }
}
