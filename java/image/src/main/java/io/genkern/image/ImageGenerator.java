package io.genkern.image;

import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.diffusion.NoiseLevels;
import io.genkern.diffusion.Samplers;
import io.genkern.diffusion.SamplingLoop;
import io.genkern.diffusion.StepEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Images from exemplar images with no trained weights: a sampling run of genkern's samplers over the
 * {@link LocalScoreDenoiser} of the exemplars. Deterministic: the same settings and seed give the
 * same pixels on any thread count.
 * <pre>{@code
 * List<Image> textures = ImageGenerator.builder(List.of(ImageFiles.read(Path.of("bricks.png"))))
 *         .size(128, 128).samples(2).seed(7).tile(true).build().generate().images();
 * }</pre>
 * Inpainting ({@link Builder#inpaint}) keeps every pixel outside the mask exactly; without other
 * exemplars it fills the hole from the image's own known patches (content-aware fill).
 */
public final class ImageGenerator {
    /** Defaults shared by the Java API and the command line. */
    public static final int DEFAULT_STEPS = 20, DEFAULT_SIZE = 64;
    public static final String DEFAULT_SAMPLER = "ddim";
    /**
     * Classifier-free guidance for class-conditional generation (the class's exemplars against the
     * whole set): with it 80/80 glyph samples are recognised as their class, 60/80 without
     * (genkern image-eval, benchmarks/RESULTS.md).
     */
    public static final double DEFAULT_CLASS_GUIDANCE = 3;

    private final Builder b;

    private ImageGenerator(Builder b) {
        this.b = b;
    }

    public static Builder builder(List<Image> exemplars) {
        return new Builder(exemplars);
    }

    /** The generated images and the raw samples. */
    public record Result(List<Image> images, float[] samples, int height, int width, int channels, long nanos) {
        /** The samples as float32 [K, H, W, C] in [0, 1] (the layout of {@code samples.npy}). */
        public long[] shape() {
            return new long[] {images.size(), height, width, channels};
        }
    }

    public Result generate() {
        long start = System.nanoTime();
        Backend backend = b.backend != null ? b.backend : Backends.defaultBackend();
        int h = b.height, w = b.width, c = b.channels();
        List<Image> exemplars = new ArrayList<>();
        List<boolean[]> usable = null;
        if (b.inpaintImage != null && b.exemplars.isEmpty()) {
            exemplars.add(b.inpaintImage.withChannels(c));
            usable = new ArrayList<>();
            usable.add(known(b.mask));
        } else {
            for (Image e : b.exemplars) exemplars.add(e.withChannels(c));
        }
        NoiseLevels levels = PatchSchedule.levels(b.steps);
        SamplingLoop.Builder<float[]> loop = SamplingLoop.<float[]>builder(Samplers.byName(b.sampler), levels).seed(b.seed);
        if (b.guidance != 1) loop.guidance(b.logWeights, new float[exemplars.size()], b.guidance); // against all exemplars alike
        else loop.conditioning(b.logWeights);
        if (b.progress != null) loop.progress(b.progress);
        long[] shape = {b.samples, h, w, c};
        try (Scope scope = Scope.open();
             LocalScoreDenoiser denoiser = new LocalScoreDenoiser(backend, b.tile ? LocalScoreModel.ELS : b.model, exemplars, usable, h, w,
                     schedule(c, smallestSide(exemplars)), b.approximations)) {
            if (b.inpaintImage != null) {
                // The loop's inpainting blend: 1 where the image is known, its values in [−1, 1].
                float[] keep = new float[b.samples * h * w * c], knownValues = new float[keep.length];
                float[] px = b.inpaintImage.withChannels(c).pixels(), m = b.mask.pixels();
                for (int s = 0; s < b.samples; s++) {
                    for (int p = 0; p < h * w; p++) {
                        for (int ch = 0; ch < c; ch++) {
                            int i = (s * h * w + p) * c + ch;
                            keep[i] = m[p] > 0.5f ? 0 : 1;
                            knownValues[i] = 2 * px[p * c + ch] - 1;
                        }
                    }
                }
                loop.inpaint(backend.fromArray(keep, shape), backend.fromArray(knownValues, shape));
            }
            SamplingLoop<float[]> run = loop.build();
            Tensor noise;
            if (b.initialNoise != null) {
                if (b.initialNoise.length != b.samples * h * w * c) {
                    throw new GenkernException("the initial noise has " + b.initialNoise.length + " values; " + Arrays.toString(shape)
                            + " needs " + (long) b.samples * h * w * c);
                }
                noise = backend.fromArray(b.initialNoise, shape);
            } else {
                noise = run.initialNoise(backend, shape);
            }
            float[] x = scope.add(run.run(backend, denoiser, noise)).toFloatArray();
            for (int i = 0; i < x.length; i++) x[i] = Math.min(Math.max((x[i] + 1) / 2, 0f), 1f);
            if (b.inpaintImage != null) keepKnown(x, h * w, c);
            List<Image> images = new ArrayList<>();
            for (int s = 0; s < b.samples; s++) images.add(new Image(w, h, c, Arrays.copyOfRange(x, s * h * w * c, (s + 1) * h * w * c)));
            return new Result(images, x, h, w, c, System.nanoTime() - start);
        }
    }

    /** The builder's schedule and scale, each defaulting as {@link PatchSchedule#auto} does. */
    private PatchSchedule schedule(int channels, int side) {
        PatchSchedule base = b.schedule != null ? b.schedule : PatchSchedule.forChannels(channels);
        return base.scaled(b.patchScale > 0 ? b.patchScale : PatchSchedule.autoScale(side));
    }

    private static int smallestSide(List<Image> images) {
        int side = Integer.MAX_VALUE;
        for (Image im : images) side = Math.min(side, Math.min(im.width(), im.height()));
        return side;
    }

    /** Pixels outside the mask are the input's, bit for bit (the blend alone would round through [−1, 1]). */
    private void keepKnown(float[] x, int pixels, int c) {
        float[] px = b.inpaintImage.withChannels(c).pixels(), m = b.mask.pixels();
        for (int s = 0; s < b.samples; s++) {
            for (int p = 0; p < pixels; p++) {
                if (m[p] > 0.5f) continue;
                System.arraycopy(px, p * c, x, (s * pixels + p) * c, c);
            }
        }
    }

    private static boolean[] known(Image mask) {
        float[] m = mask.pixels();
        boolean[] ok = new boolean[m.length];
        for (int i = 0; i < m.length; i++) ok[i] = m[i] <= 0.5f;
        return ok;
    }

    /** Settings: the exemplars are required, everything else has a default. */
    public static final class Builder {
        private final List<Image> exemplars;
        private LocalScoreModel model = LocalScoreModel.BBELS;
        private int width, height, samples = 1, steps = DEFAULT_STEPS;
        private long seed;
        private String sampler = DEFAULT_SAMPLER;
        private PatchSchedule schedule; // null: PatchSchedule.forChannels
        private double patchScale;
        private Approximations approximations = Approximations.DEFAULT;
        private boolean tile;
        private Image inpaintImage, mask;
        private float[] initialNoise, logWeights;
        private double guidance = 1;
        private Backend backend;
        private Consumer<StepEvent> progress;

        private Builder(List<Image> exemplars) {
            if (exemplars == null) throw new GenkernException("exemplars must not be null (an empty list: inpainting from the image itself)");
            this.exemplars = List.copyOf(exemplars);
            if (!exemplars.isEmpty()) {
                width = exemplars.get(0).width();
                height = exemplars.get(0).height();
            }
        }

        private int channels() {
            if (inpaintImage != null && exemplars.isEmpty()) return inpaintImage.channels();
            int c = 1;
            for (Image e : exemplars) c = Math.max(c, e.channels());
            if (inpaintImage != null) c = Math.max(c, inpaintImage.channels());
            return c;
        }

        public Builder model(LocalScoreModel model) {
            this.model = model;
            return this;
        }

        /** Output size (default: the first exemplar's, or the inpainted image's). */
        public Builder size(int width, int height) {
            if (width < 1 || height < 1 || (long) width * height > 1L << 26) {
                throw new GenkernException("image size must be positive and at most 64 megapixels, got " + width + "×" + height);
            }
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder samples(int samples) {
            if (samples < 1 || samples > 4096) throw new GenkernException("samples must be in [1, 4096], got " + samples);
            this.samples = samples;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Grid points of the schedule ({@link PatchSchedule#levels}): steps − 1 denoiser calls for DDIM. */
        public Builder steps(int steps) {
            if (steps < 2 || steps > 1000) throw new GenkernException("steps must be in [2, 1000], got " + steps);
            this.steps = steps;
            return this;
        }

        public Builder sampler(String name) {
            this.sampler = Samplers.canonicalName(name);
            return this;
        }

        /** Patch sizes per noise level (default: {@link PatchSchedule#forChannels} of the output). */
        public Builder schedule(PatchSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Multiplies the schedule's patch sizes ({@link PatchSchedule#scaled}); 0 (the default):
         * {@link PatchSchedule#autoScale} of the exemplars' smallest side (1 for 32-pixel sets).
         */
        public Builder patchScale(double scale) {
            if (scale != 0) PatchSchedule.CIFAR10.scaled(scale); // the one range check
            this.patchScale = scale;
            return this;
        }

        public Builder approximations(Approximations approximations) {
            this.approximations = approximations;
            return this;
        }

        /**
         * Seamless tiling: the equivariant machine with circular padding (overrides the model).
         * With {@link #inpaint} it regenerates the masked part so that the image tiles (see
         * {@link #makeTileable}).
         */
        public Builder tile(boolean tile) {
            this.tile = tile;
            return this;
        }

        /**
         * Inpainting: generates where {@code mask} is white (> 0.5), keeps every other pixel of
         * {@code image} exactly; the output has the image's size.
         */
        public Builder inpaint(Image image, Image mask) {
            if (image.width() != mask.width() || image.height() != mask.height()) {
                throw new GenkernException("the mask is " + mask.width() + "×" + mask.height() + " but the image is " + image.width() + "×"
                        + image.height() + "; they must be the same size");
            }
            Image m = mask.withChannels(1);
            boolean any = false;
            for (float v : m.pixels()) any |= v > 0.5f;
            if (!any) throw new GenkernException("the mask has no white pixel: nothing to generate");
            this.inpaintImage = image;
            this.mask = m;
            this.width = image.width();
            this.height = image.height();
            return this;
        }

        /**
         * Makes an existing image tile: regenerates a band of {@code band} pixels along its borders
         * with the circular machine from the image's own patches, keeping the rest exactly.
         */
        public Builder makeTileable(Image image, int band) {
            if (band < 1 || 2 * band >= Math.min(image.width(), image.height())) {
                throw new GenkernException("the seam band must be at least 1 and less than half the image's smaller side ("
                        + Math.min(image.width(), image.height()) + "), got " + band);
            }
            int w = image.width(), h = image.height();
            float[] m = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) m[y * w + x] = Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y)) < band ? 1 : 0;
            }
            return inpaint(image, new Image(w, h, 1, m)).tile(true);
        }

        /**
         * Outpainting: the image on a canvas larger by the given margins, the margins generated
         * from the image's own patches (content-aware), the image kept exactly.
         */
        public Builder outpaint(Image image, int left, int top, int right, int bottom) {
            if (left < 0 || top < 0 || right < 0 || bottom < 0 || left + top + right + bottom == 0) {
                throw new GenkernException("outpainting margins must be >= 0 and not all 0, got " + left + ", " + top + ", " + right + ", " + bottom);
            }
            int w = image.width() + left + right, h = image.height() + top + bottom, c = image.channels();
            if ((long) w * h > 1L << 26) throw new GenkernException("the outpainted canvas " + w + "×" + h + " is over 64 megapixels");
            float[] canvas = new float[w * h * c], m = new float[w * h], px = image.pixels();
            java.util.Arrays.fill(m, 1);
            for (int y = 0; y < image.height(); y++) {
                System.arraycopy(px, y * image.width() * c, canvas, ((y + top) * w + left) * c, image.width() * c);
                java.util.Arrays.fill(m, (y + top) * w + left, (y + top) * w + left + image.width(), 0);
            }
            return inpaint(new Image(w, h, c, canvas), new Image(w, h, 1, m));
        }

        /**
         * Conditioning on exemplars: a log-weight per exemplar added to its patches' logits
         * ({@link LocalScoreDenoiser#EXCLUDED} leaves one out), e.g. 0 for a class's exemplars and
         * EXCLUDED for the others; with {@code guidance} ≠ 1, classifier-free guidance against all
         * exemplars weighted alike (1: the weighted denoiser alone).
         */
        public Builder condition(float[] logWeights, double guidance) {
            if (logWeights == null) throw new GenkernException("the exemplar log-weights must not be null");
            if (!Double.isFinite(guidance)) throw new GenkernException("guidance must be finite, got " + guidance);
            for (float w : logWeights) {
                if (Float.isNaN(w) || w > 80) throw new GenkernException("exemplar log-weights must be numbers up to 80, got " + w);
            }
            this.logWeights = logWeights.clone();
            this.guidance = guidance;
            return this;
        }

        /** The start sample (float32 [K, H, W, C], standard normal) instead of Philox noise from the seed. */
        public Builder initialNoise(float[] noise) {
            this.initialNoise = noise.clone();
            return this;
        }

        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /** Called after each step (the sample and the x0 preview, in [−1, 1]). */
        public Builder progress(Consumer<StepEvent> listener) {
            this.progress = listener;
            return this;
        }

        public ImageGenerator build() {
            if (exemplars.isEmpty() && inpaintImage == null) throw new GenkernException("no exemplar images (and nothing to inpaint)");
            if (inpaintImage != null && (width != inpaintImage.width() || height != inpaintImage.height())) {
                throw new GenkernException("inpainting keeps the image's size " + inpaintImage.width() + "×" + inpaintImage.height()
                        + "; the output size was set to " + width + "×" + height);
            }
            if (logWeights != null && logWeights.length != exemplars.size()) {
                throw new GenkernException(logWeights.length + " exemplar log-weights for " + exemplars.size() + " exemplars");
            }
            if (logWeights != null && model == LocalScoreModel.IDEAL && !tile) {
                throw new GenkernException("the ideal denoiser takes no exemplar weights: give it the chosen exemplars");
            }
            return new ImageGenerator(this);
        }
    }
}
