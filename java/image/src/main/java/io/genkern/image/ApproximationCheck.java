package io.genkern.image;

import io.genkern.Backend;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.diffusion.NoiseLevels;
import io.genkern.diffusion.SamplingLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * What an approximation costs: the same run (exemplars, size, initial noise, DDIM, the patch
 * schedule generation would use for these exemplars) with the exact machine and with the
 * approximation, compared by Pearson r (mean-centred, unit-norm dot product per image, the authors'
 * metric; the mean over images) and by time.
 */
public final class ApproximationCheck {
    private ApproximationCheck() {}

    /** One approximation's result: r against the exact run and both times. */
    public record Row(Approximations approximations, double pearson, double seconds, double exactSeconds) {}

    public static List<Row> compare(Backend backend, LocalScoreModel model, List<Image> exemplars, int width, int height, int samples,
                                    long seed, List<Approximations> candidates) {
        int c = exemplars.get(0).channels();
        long[] shape = {samples, height, width, c};
        NoiseLevels levels = PatchSchedule.levels(ImageGenerator.DEFAULT_STEPS);
        SamplingLoop<float[]> loop = SamplingLoop.<float[]>builder(new io.genkern.diffusion.Ddim(), levels).seed(seed).build();
        float[] noise;
        try (Tensor t = loop.initialNoise(backend, shape)) {
            noise = t.toFloatArray();
        }
        long t0 = System.nanoTime();
        int side = Integer.MAX_VALUE;
        for (Image e : exemplars) side = Math.min(side, Math.min(e.width(), e.height()));
        PatchSchedule schedule = PatchSchedule.auto(c, side);
        float[] exact = run(backend, model, exemplars, width, height, shape, loop, noise, schedule, Approximations.EXACT);
        double exactSeconds = (System.nanoTime() - t0) / 1e9;
        List<Row> rows = new ArrayList<>();
        for (Approximations a : candidates) {
            long t1 = System.nanoTime();
            float[] approx = run(backend, model, exemplars, width, height, shape, loop, noise, schedule, a);
            rows.add(new Row(a, meanPearson(exact, approx, samples), (System.nanoTime() - t1) / 1e9, exactSeconds));
        }
        return rows;
    }

    private static float[] run(Backend backend, LocalScoreModel model, List<Image> exemplars, int width, int height, long[] shape,
                               SamplingLoop<float[]> loop, float[] noise, PatchSchedule schedule, Approximations a) {
        try (Scope scope = Scope.open();
             LocalScoreDenoiser d = new LocalScoreDenoiser(backend, model, exemplars, null, height, width, schedule, a)) {
            Tensor start = backend.fromArray(noise, shape);
            return scope.add(loop.run(backend, d, start)).toFloatArray();
        }
    }

    /** Pearson r per image (mean-centred, unit-norm dot product), averaged over the images. */
    public static double meanPearson(float[] a, float[] b, int images) {
        int n = a.length / images;
        double sum = 0;
        for (int s = 0; s < images; s++) {
            double ma = 0, mb = 0;
            for (int i = s * n; i < (s + 1) * n; i++) {
                ma += a[i];
                mb += b[i];
            }
            ma /= n;
            mb /= n;
            double ab = 0, aa = 0, bb = 0;
            for (int i = s * n; i < (s + 1) * n; i++) {
                double x = a[i] - ma, y = b[i] - mb;
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
            sum += ab / Math.sqrt(aa * bb);
        }
        return sum / images;
    }
}
