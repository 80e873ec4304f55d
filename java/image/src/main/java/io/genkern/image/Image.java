package io.genkern.image;

import io.genkern.GenkernException;

import java.util.Arrays;

/**
 * An image as float pixels in [0, 1], rows of interleaved channels (height × width × channels,
 * the layout of numpy's HWC arrays). Channels: 1 (grey) or 3 (RGB). Immutable once built: the
 * pixel array is copied in and out.
 */
public final class Image {
    private final int width, height, channels;
    private final float[] pixels;

    public Image(int width, int height, int channels, float[] pixels) {
        if (width < 1 || height < 1) throw new GenkernException("an image needs a positive size, got " + width + "×" + height);
        if (channels != 1 && channels != 3) throw new GenkernException("images have 1 (grey) or 3 (RGB) channels, got " + channels);
        if (pixels.length != (long) width * height * channels) {
            throw new GenkernException("a " + width + "×" + height + "×" + channels + " image needs " + (long) width * height * channels
                    + " values, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.pixels = pixels.clone();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    /** A copy of the pixels (HWC, [0, 1]). */
    public float[] pixels() {
        return pixels.clone();
    }

    public float get(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c];
    }

    /** This image with {@code channels} channels: grey is repeated into RGB; RGB to grey by Rec. 601 luma. */
    public Image withChannels(int channels) {
        if (channels == this.channels) return this;
        float[] out = new float[width * height * channels];
        for (int p = 0; p < width * height; p++) {
            if (channels == 3) {
                Arrays.fill(out, p * 3, p * 3 + 3, pixels[p]);
            } else {
                out[p] = 0.299f * pixels[p * 3] + 0.587f * pixels[p * 3 + 1] + 0.114f * pixels[p * 3 + 2];
            }
        }
        return new Image(width, height, channels, out);
    }

    /** This image resampled to {@code w}×{@code h} (area averaging when shrinking, bilinear when growing). */
    public Image resized(int w, int h) {
        if (w == width && h == height) return this;
        if (w < 1 || h < 1) throw new GenkernException("cannot resize to " + w + "×" + h);
        float[] out = new float[w * h * channels];
        for (int y = 0; y < h; y++) {
            double y0 = (double) y * height / h, y1 = (double) (y + 1) * height / h;
            for (int x = 0; x < w; x++) {
                double x0 = (double) x * width / w, x1 = (double) (x + 1) * width / w;
                for (int c = 0; c < channels; c++) out[(y * w + x) * channels + c] = (float) sample(y0, y1, x0, x1, c);
            }
        }
        return new Image(w, h, channels, out);
    }

    // The mean over the source rectangle [y0, y1) × [x0, x1) when it covers a pixel or more; else bilinear at its centre.
    private double sample(double y0, double y1, double x0, double x1, int c) {
        if (y1 - y0 < 1 || x1 - x0 < 1) {
            double sy = Math.min(Math.max((y0 + y1) / 2 - 0.5, 0), height - 1), sx = Math.min(Math.max((x0 + x1) / 2 - 0.5, 0), width - 1);
            int iy = (int) sy, ix = (int) sx, jy = Math.min(iy + 1, height - 1), jx = Math.min(ix + 1, width - 1);
            double fy = sy - iy, fx = sx - ix;
            return (1 - fy) * ((1 - fx) * get(iy, ix, c) + fx * get(iy, jx, c)) + fy * ((1 - fx) * get(jy, ix, c) + fx * get(jy, jx, c));
        }
        double sum = 0, area = 0;
        for (int yy = (int) y0; yy < Math.ceil(y1); yy++) {
            double wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
            for (int xx = (int) x0; xx < Math.ceil(x1); xx++) {
                double wgt = wy * (Math.min(x1, xx + 1) - Math.max(x0, xx));
                sum += wgt * get(yy, xx, c);
                area += wgt;
            }
        }
        return sum / area;
    }

    @Override
    public String toString() {
        return "Image[" + width + "×" + height + "×" + channels + "]";
    }
}
