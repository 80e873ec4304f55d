package io.genkern.cli;

import io.genkern.Backend;
import io.genkern.image.ApproximationCheck;
import io.genkern.image.Approximations;
import io.genkern.image.Image;
import io.genkern.image.ImageGenerator;
import io.genkern.image.ImageMetrics;
import io.genkern.image.LocalScoreDenoiser;
import io.genkern.image.LocalScoreModel;
import io.genkern.image.sets.BuiltInSets;
import io.genkern.image.sets.LabelledImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code genkern image-eval}: the measured quality of image generation: what the default
 * approximations cost against the exact machine (on the textures the defaults were chosen on and on
 * held-out ones), whether class-conditional samples are recognised as their class, whether outputs
 * are new (against the ideal denoiser, which copies), and whether tiles wrap.
 */
@Command(name = "image-eval", mixinStandardHelpOptions = true,
        description = "Measure image generation: approximation error (Pearson r against the exact machine), class agreement, novelty, tiling.")
final class ImageEvalCommand implements Runnable {
    /** Texture-set seeds: the approximation defaults were chosen on the first; the second is held out. */
    static final long TUNING_SEED = 3, HELD_OUT_SEED = 1001;
    /** The guidance scale measured beside unguided class conditioning. */
    static final double GUIDANCE = 3;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Backend backend = backendOption.resolve();
        out.println("image-eval on " + backend.description());
        Approximations d = Approximations.DEFAULT;
        List<Approximations> candidates = List.of(new Approximations(d.poolCells(), 0, 0, 0), new Approximations(0, d.maxKeys(), 0, 0),
                new Approximations(0, 0, d.coarsePatch(), 0), new Approximations(d.poolCells(), d.maxKeys(), d.coarsePatch(), 0), d);
        out.println("\n1. Each approximation on every step, all three, and the default (exact on steps up to " + d.exactUpToGflop() + " GFLOP)");
        out.println("   against the exact machine: Pearson r of the final images from the same noise, and time; 64×64 from an 88×88 grey");
        out.println("   texture (exact patches fit attention's head dim up to 64×64 in grey), bbels, 19 DDIM steps");
        out.printf("   %-9s %-7s %16s %16s %16s %16s %16s %8s%n", "set", "texture", "pool " + d.poolCells() + "×" + d.poolCells(), d.maxKeys() + " keys",
                "coarse ≥ " + d.coarsePatch(), "all three", "default", "exact");
        for (long seed : new long[] {TUNING_SEED, HELD_OUT_SEED}) {
            String set = seed == TUNING_SEED ? "tuning" : "held-out";
            double[] sum = new double[candidates.size()];
            for (LabelledImage t : BuiltInSets.generate("textures", 88, 6, seed)) {
                List<ApproximationCheck.Row> rows = ApproximationCheck.compare(backend, LocalScoreModel.BBELS, List.of(t.image().withChannels(1)),
                        64, 64, 1, 5, candidates);
                out.printf("   %-9s %-7s", set, t.label());
                for (int i = 0; i < rows.size(); i++) {
                    out.printf(" %8.4f %5.2f s", rows.get(i).pearson(), rows.get(i).seconds());
                    sum[i] += rows.get(i).pearson();
                }
                out.printf(" %6.2f s%n", rows.get(0).exactSeconds());
                out.flush();
            }
            out.printf("   %-9s %-7s", set, "mean r");
            for (double v : sum) out.printf(" %8.4f %7s", v / 6, "");
            out.println();
        }

        int part = 2;
        for (String setName : List.of("glyphs", "shapes")) {
            for (double guidance : new double[] {1, GUIDANCE}) classAgreement(out, backend, setName, guidance, part++);
        }

        out.println("\n" + part + ". Tiles (--tile, 4 × 96×96 from each 128×128 held-out texture): wrap-seam ratio, mean of 4 (1 = seam like the interior)");
        double worst = 0;
        for (LabelledImage t : BuiltInSets.generate("textures", 128, 6, HELD_OUT_SEED)) {
            List<Image> tiles = ImageGenerator.builder(List.of(t.image())).size(96, 96).tile(true).samples(4).seed(5).backend(backend).build()
                    .generate().images();
            double ratio = tiles.stream().mapToDouble(ImageMetrics::seamRatio).average().orElseThrow();
            worst = Math.max(worst, ratio);
            out.printf("   %-8s seam ratio %.3f%n", t.label(), ratio);
            out.flush();
        }
        out.printf("   worst    %.3f%n", worst);
    }

    /**
     * Class-conditional samples of a labelled 32×32 set: the share whose nearest image in the whole
     * set (pixel RMS) has the requested label, and novelty: the RMS to the nearest exemplar against
     * the ideal denoiser's (which returns exemplars, ≈ 0).
     */
    private static void classAgreement(PrintWriter out, Backend backend, String setName, double guidance, int part) {
        List<LabelledImage> set = BuiltInSets.generate(setName, 32, BuiltInSets.defaultCount(setName), 0);
        List<Image> all = set.stream().map(LabelledImage::image).toList();
        int perClass = 4;
        out.printf("%n%d. Class-conditional %s (bbels, 32×32, %d samples per class, %s): nearest-neighbour class over the whole set; novelty%n",
                part, setName, perClass, guidance == 1 ? "the class's exemplars only" : "guidance " + guidance + " against the whole set");
        out.printf("   %-10s %8s %14s %14s%n", "class", "agree", "nearest RMS", "ideal's RMS");
        int agree = 0, total = 0;
        for (String label : BuiltInSets.labels(setName)) {
            List<Image> exemplars = set.stream().filter(s -> s.label().equals(label)).map(LabelledImage::image).toList();
            ImageGenerator.Builder builder;
            if (guidance == 1) {
                builder = ImageGenerator.builder(exemplars);
            } else {
                float[] w = new float[set.size()];
                for (int i = 0; i < w.length; i++) w[i] = set.get(i).label().equals(label) ? 0 : LocalScoreDenoiser.EXCLUDED;
                builder = ImageGenerator.builder(all).condition(w, guidance);
            }
            List<Image> samples = builder.samples(perClass).seed(11).backend(backend).build().generate().images();
            List<Image> copies = ImageGenerator.builder(exemplars).model(LocalScoreModel.IDEAL).samples(perClass).seed(11).backend(backend).build()
                    .generate().images();
            int ok = 0;
            double novelty = 0, copy = 0;
            for (int i = 0; i < samples.size(); i++) {
                if (nearestLabel(samples.get(i), set).equals(label)) ok++;
                novelty += ImageMetrics.nearestExemplarRms(samples.get(i), all);
                copy += ImageMetrics.nearestExemplarRms(copies.get(i), all);
            }
            agree += ok;
            total += samples.size();
            out.printf("   %-10s %5d/%-2d %14.4f %14.4f%n", label, ok, samples.size(), novelty / samples.size(), copy / samples.size());
            out.flush();
        }
        out.printf("   all        %.0f%% agree%n", 100.0 * agree / total);
    }

    private static String nearestLabel(Image image, List<LabelledImage> set) {
        String best = null;
        double bestRms = Double.POSITIVE_INFINITY;
        for (LabelledImage s : set) {
            double rms = ImageMetrics.nearestExemplarRms(image, List.of(s.image()));
            if (rms < bestRms) {
                bestRms = rms;
                best = s.label();
            }
        }
        return best;
    }
}
