package io.genkern.image;

/**
 * One image padded by r = k/2 on every side (zero or circular padding) and the k×k patches read
 * from it: exact (k·k·C values, row-major, channels innermost) or pooled to g×g cells (the cell
 * sums over √area, read in O(1) from a summed-area table, so that dot products of cell-constant
 * patches are exact). Pixel (i, j) of the image is padded pixel (i + r, j + r); the patch centred
 * on it starts at padded (i, j).
 */
final class Patches {
    final int height, width, channels, k, r, paddedWidth;
    final float[] padded;
    private double[] table; // summed-area table of the padded image, (H + 2r + 1) × (W + 2r + 1) × C

    /** {@code pixels}: HWC values; circular padding wraps the image, zero padding surrounds it with 0. */
    Patches(float[] pixels, int height, int width, int channels, int k, boolean circular) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.k = k;
        this.r = k / 2;
        this.paddedWidth = width + 2 * r;
        int paddedHeight = height + 2 * r;
        padded = new float[paddedHeight * paddedWidth * channels];
        for (int y = 0; y < paddedHeight; y++) {
            int sy = y - r;
            if (circular) sy = Math.floorMod(sy, height);
            else if (sy < 0 || sy >= height) continue;
            for (int x = 0; x < paddedWidth; x++) {
                int sx = x - r;
                if (circular) sx = Math.floorMod(sx, width);
                else if (sx < 0 || sx >= width) continue;
                System.arraycopy(pixels, (sy * width + sx) * channels, padded, (y * paddedWidth + x) * channels, channels);
            }
        }
    }

    /** Patch features per pixel: k·k·C exact, or cells·cells·C pooled. */
    static int featureDim(int k, int cells, int channels) {
        return (pooled(k, cells) ? cells * cells : k * k) * channels;
    }

    /** Whether patches of size k are pooled to {@code cells}×{@code cells} (0: never). */
    static boolean pooled(int k, int cells) {
        return cells > 0 && k > cells;
    }

    /** Writes the features of the patch centred on image pixel (i, j) (which may lie in the padding band) at out[off…]. */
    void feature(int i, int j, int cells, float[] out, int off) {
        if (pooled(k, cells)) {
            pooledFeature(i, j, cells, out, off);
            return;
        }
        int rowLength = k * channels;
        for (int dy = 0; dy < k; dy++) {
            System.arraycopy(padded, ((i + dy) * paddedWidth + j) * channels, out, off + dy * rowLength, rowLength);
        }
    }

    /** ‖patch‖² of the exact patch centred on (i, j). */
    double squaredNorm(int i, int j) {
        double s = 0;
        int rowLength = k * channels;
        for (int dy = 0; dy < k; dy++) {
            int base = ((i + dy) * paddedWidth + j) * channels;
            for (int t = 0; t < rowLength; t++) s += (double) padded[base + t] * padded[base + t];
        }
        return s;
    }

    /** Pixel (i, j) (image coordinates, inside the image), channel c. */
    float centre(int i, int j, int c) {
        return padded[((i + r) * paddedWidth + j + r) * channels + c];
    }

    private void pooledFeature(int i, int j, int cells, float[] out, int off) {
        if (table == null) table = summedAreaTable();
        int tw = paddedWidth + 1;
        for (int cy = 0; cy < cells; cy++) {
            int y0 = i + cy * k / cells, y1 = i + (cy + 1) * k / cells;
            for (int cx = 0; cx < cells; cx++) {
                int x0 = j + cx * k / cells, x1 = j + (cx + 1) * k / cells;
                double scale = 1 / Math.sqrt((double) (y1 - y0) * (x1 - x0));
                for (int c = 0; c < channels; c++) {
                    double sum = table[(y1 * tw + x1) * channels + c] - table[(y0 * tw + x1) * channels + c]
                            - table[(y1 * tw + x0) * channels + c] + table[(y0 * tw + x0) * channels + c];
                    out[off + (cy * cells + cx) * channels + c] = (float) (sum * scale);
                }
            }
        }
    }

    private double[] summedAreaTable() {
        int ph = padded.length / (paddedWidth * channels), tw = paddedWidth + 1;
        double[] t = new double[(ph + 1) * tw * channels];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < paddedWidth; x++) {
                for (int c = 0; c < channels; c++) {
                    t[((y + 1) * tw + x + 1) * channels + c] = padded[(y * paddedWidth + x) * channels + c]
                            + t[(y * tw + x + 1) * channels + c] + t[((y + 1) * tw + x) * channels + c] - t[(y * tw + x) * channels + c];
                }
            }
        }
        return t;
    }
}
