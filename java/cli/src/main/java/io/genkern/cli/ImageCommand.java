package io.genkern.cli;

import io.genkern.Backend;
import io.genkern.GenkernException;
import io.genkern.diffusion.Samplers;
import io.genkern.image.Approximations;
import io.genkern.image.Image;
import io.genkern.image.ImageFiles;
import io.genkern.image.ImageGallery;
import io.genkern.image.ImageGenerator;
import io.genkern.image.ImageMetrics;
import io.genkern.image.LocalScoreDenoiser;
import io.genkern.image.LocalScoreModel;
import io.genkern.image.PatchSchedule;
import io.genkern.image.sets.BuiltInSets;
import io.genkern.image.sets.LabelledImage;
import io.genkern.io.FileErrors;
import io.genkern.io.Npy;
import io.genkern.io.OutputFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code genkern image}: images from exemplars with the local score machines, no trained weights. */
@Command(name = "image", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate images from exemplar images with the equivariant local score machine (every patch of every exemplar is",
            "a key; no trained weights): new images from a built-in set or a folder, seamless tiles, inpainting (content-aware fill).",
            "Writes sample_NNN.png, contact.png, gallery.html, samples.npy (float32 [K, H, W, C] in [0, 1]) and metrics.json."})
final class ImageCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--set", paramLabel = "NAME", description = "A built-in exemplar set: textures, shapes, glyphs (generated, nothing downloaded).")
    String set;

    @Option(names = "--data", paramLabel = "DIR", description = "A folder of exemplar images (PNG, JPEG, BMP, GIF); labels from DIR/labels.csv (file,label) if present.")
    Path data;

    @Option(names = "--class", paramLabel = "LABEL", description = "Only the exemplars with this label (e.g. bricks, heart, 7).")
    String label;

    @Option(names = "--guidance", paramLabel = "G",
            description = "With --class: classifier-free guidance G against all exemplars (default " + ImageGenerator.DEFAULT_CLASS_GUIDANCE
                    + "; 1: the class's exemplars alone, about 5× faster).")
    Double guidanceOption;

    private double guidance; // resolved: 1 without --class

    @Option(names = "--size", paramLabel = "W[xH]", description = "Output size (default: the exemplars', or the inpainted image's).")
    String size;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "K", description = "Images to generate (default ${DEFAULT-VALUE}; with --init, the noise's K).")
    int samples;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}): the same seed gives the same pixels.")
    long seed;

    @Option(names = "--steps", defaultValue = "" + ImageGenerator.DEFAULT_STEPS, description = "Grid points of the noise schedule (default ${DEFAULT-VALUE}: the reference's 19 steps).")
    int steps;

    @Option(names = "--sampler", defaultValue = ImageGenerator.DEFAULT_SAMPLER, completionCandidates = SamplingOptions.SamplerNames.class,
            description = "Sampler: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}, deterministic).")
    String sampler;

    @Option(names = "--model", defaultValue = "bbels", paramLabel = "els|bbels|ls|ideal",
            description = "els: equivariant; bbels: with edge-aware borders (default); ls: local, same-position; ideal: returns exemplars.")
    String model;

    @Option(names = "--patches", defaultValue = "auto", paramLabel = "auto|cifar10|mnist|S1,…,S20",
            description = "Patch size per noise level: the authors' calibrated lists (default ${DEFAULT-VALUE}: mnist for grey exemplars, cifar10 for colour).")
    String patches;

    @Option(names = "--patch-scale", defaultValue = "0", paramLabel = "F",
            description = "Multiply the patch sizes by F (default 0: automatic, the exemplars' smaller side / 40, at least 1).")
    double patchScale;

    @Option(names = "--exact", description = "Turn every approximation off (exact patches, every patch a key).")
    boolean exact;

    @Option(names = "--init", paramLabel = "NOISE.npy", description = "Start from this standard-normal noise, float32 [K, H, W, C] (reproduce a run from numpy).")
    Path init;

    @Option(names = "--tile", description = "Make the output tile seamlessly (equivariant machine with circular padding).")
    boolean tile;

    @Option(names = "--inpaint", paramLabel = "IMAGE", description = "Fill the masked part of IMAGE; every other pixel is kept exactly.")
    Path inpaint;

    @Option(names = "--band", paramLabel = "PX", description = "With --tile --inpaint IMAGE: make IMAGE tile by regenerating this many pixels along its borders (default: 1/8 of its smaller side).")
    Integer band;

    @Option(names = "--outpaint", paramLabel = "PX", description = "With --inpaint IMAGE: extend it by PX pixels on every side, generated from its own patches.")
    Integer outpaint;

    @Option(names = "--mask", paramLabel = "MASK", description = "White where --inpaint generates (default: IMAGE's transparent pixels).")
    Path mask;

    @Option(names = "--out", defaultValue = "out-image", paramLabel = "DIR", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        // Every input is checked before any work.
        String samplerName = Samplers.canonicalName(sampler);
        LocalScoreModel m = LocalScoreModel.byName(model);
        PatchSchedule schedule = PatchSchedule.byName(patches);
        if (patchScale != 0) PatchSchedule.CIFAR10.scaled(patchScale); // the range check, before the work
        if (set != null && data != null) throw new GenkernException("give --set or --data, not both");
        if (set == null && data == null && inpaint == null) throw new GenkernException("give exemplars: --set NAME (" + String.join(", ", BuiltInSets.NAMES)
                + ") or --data DIR, or an image to --inpaint");
        if (mask != null && inpaint == null) throw new GenkernException("--mask needs --inpaint IMAGE");
        if (guidanceOption != null && label == null) throw new GenkernException("--guidance needs --class (it guides towards the class's exemplars)");
        guidance = label == null ? 1 : guidanceOption != null ? guidanceOption : ImageGenerator.DEFAULT_CLASS_GUIDANCE;
        if (!Double.isFinite(guidance)) throw new GenkernException("--guidance must be a finite number, got " + guidance);
        if (tile && mask != null) throw new GenkernException("--tile with --inpaint IMAGE regenerates a band along its borders: give --band, not --mask");
        if (outpaint != null && (inpaint == null || mask != null || tile)) throw new GenkernException("--outpaint N needs --inpaint IMAGE, without --mask or --tile");
        if (band != null && !(tile && inpaint != null)) throw new GenkernException("--band needs --tile and --inpaint IMAGE");
        int[] wh = size == null ? null : parseSize(size);
        if (init != null) Npy.read(init); // readable and well-formed, before the work
        FileErrors.requireWritableDirectory("--out", out);

        boolean guided = guidance != 1;
        List<LabelledImage> exemplars = exemplars(guided);
        Image target = null, holes = null;
        if (inpaint != null) {
            target = ImageFiles.read(inpaint);
            holes = mask != null ? ImageFiles.read(mask) : tile || outpaint != null ? null : transparentAsMask(inpaint);
        }
        List<Image> images = exemplars.stream().map(LabelledImage::image).toList();
        ImageGenerator.Builder builder = ImageGenerator.builder(images).model(m).samples(samples).seed(seed).steps(steps).sampler(samplerName)
                .schedule(schedule).patchScale(patchScale).approximations(exact ? Approximations.EXACT : Approximations.DEFAULT).tile(tile)
                .backend(backendOption.resolve()).progress(new ProgressBar(err, steps - 1));
        if (target != null && tile) builder.makeTileable(target, band != null ? band : Math.max(1, Math.min(target.width(), target.height()) / 8));
        else if (outpaint != null) builder.outpaint(target, outpaint, outpaint, outpaint, outpaint);
        else if (target != null) builder.inpaint(target, holes);
        if (guided) {
            float[] w = new float[exemplars.size()];
            for (int i = 0; i < w.length; i++) w[i] = exemplars.get(i).label().equals(label) ? 0 : LocalScoreDenoiser.EXCLUDED;
            builder.condition(w, guidance);
        }
        if (wh != null) builder.size(wh[0], wh[1]);
        if (init != null) {
            Npy.Array a = Npy.read(init);
            if (a.rank() != 4) throw new GenkernException("--init " + init + " has shape " + java.util.Arrays.toString(a.shape()) + "; expected [K, H, W, C]");
            builder.samples(a.dim(0)).initialNoise(a.data()); // K from the noise; H, W, C are checked against the output
        }
        ImageGenerator generator = builder.build();
        Backend backend = backendOption.resolve();
        String what = target != null ? "inpainting " + inpaint.getFileName() : exemplars.size() + " exemplar" + (exemplars.size() == 1 ? "" : "s")
                + (set != null ? " of the built-in set " + set : " from " + data)
                + (label == null ? "" : guided ? ", guided towards " + label + " (scale " + guidance + ")" : " labelled " + label);
        console.printf("image: %s, model %s%s%s, %s %d steps, seed %d, on %s%n", what, tile ? "els (tiling)" : m.cliName(), exact ? " exact" : "",
                init != null ? ", start " + init.getFileName() : "", samplerName, steps, seed, backend.description());
        console.flush();
        ImageGenerator.Result result = generator.generate();
        err.println();

        List<Image> reference = images.isEmpty() ? List.of(target) : images;
        List<ImageGallery.Item> items = new ArrayList<>();
        StringBuilder json = new StringBuilder("{\n  \"samples\": [\n");
        try (OutputFolder folder = OutputFolder.open(out)) {
            Path dir = folder.staging();
            for (int i = 0; i < result.images().size(); i++) {
                Image img = result.images().get(i);
                String name = String.format(Locale.ROOT, "sample_%03d", i);
                ImageFiles.writePng(img, dir.resolve(name + ".png"));
                ImageMetrics.Report r = ImageMetrics.of(img, reference, seed);
                String line = String.format(Locale.ROOT, "nearest exemplar %.3f RMS, copied 7×7 patches %.0f%%, patch SWD 3×3 %.4f 7×7 %.4f, wrap seam %.2f",
                        r.nearestExemplarRms(), 100 * r.copiedPatchShare(), r.swd3(), r.swd7(), r.seamRatio());
                console.printf("  %s.png  %s%n", name, line);
                items.add(new ImageGallery.Item(name + "\n" + line, img));
                json.append(String.format(Locale.ROOT, "    {\"file\": \"%s.png\", \"nearest_exemplar_rms\": %s, \"copied_patch_share\": %s, \"swd3\": %s, "
                        + "\"swd7\": %s, \"seam_ratio\": %s}%s%n", name, num(r.nearestExemplarRms()), num(r.copiedPatchShare()), num(r.swd3()),
                        num(r.swd7()), num(r.seamRatio()), i + 1 < result.images().size() ? "," : ""));
            }
            json.append(String.format(Locale.ROOT, "  ],%n  \"seconds\": %.3f,%n  \"settings\": \"%s\"%n}%n", result.nanos() / 1e9,
                    settings(samplerName, m).replace("\"", "'")));
            ImageFiles.writePng(ImageGallery.contactSheet(result.images(), 8), dir.resolve("contact.png"));
            ImageGallery.writeHtml(dir.resolve("gallery.html"), "genkern image", settings(samplerName, m), items);
            Npy.write(dir.resolve("samples.npy"), result.samples(), result.shape());
            writeString(dir.resolve("metrics.json"), json.toString());
            List<Path> files = folder.commit();
            int k = result.images().size();
            console.printf("time: %.2f s for %d image%s of %d×%d%n", result.nanos() / 1e9, k, k == 1 ? "" : "s", result.width(), result.height());
            console.println("wrote " + files.size() + " files to " + out.toAbsolutePath().normalize() + " (open gallery.html)");
        }
        console.flush();
        return 0;
    }

    private String settings(String samplerName, LocalScoreModel m) {
        return String.format(Locale.ROOT, "%s%s%s model=%s%s patches=%s sampler=%s steps=%d seed=%d samples=%d%s",
                set != null ? "set=" + set : data != null ? "data=" + data : "inpaint=" + inpaint,
                label == null ? "" : " class=" + label + (guidance != 1 ? " guidance=" + guidance : ""),
                size != null ? " size=" + size : "", tile ? "els tile" : m.cliName(), exact ? " exact" : "", patches, samplerName, steps, seed, samples,
                init != null ? " init=" + init : "");
    }

    /** The exemplars: all of them when guiding (the class is a weighting), else only the --class ones. */
    private List<LabelledImage> exemplars(boolean guided) {
        List<LabelledImage> all = new ArrayList<>();
        if (set != null) {
            String name = set.trim().toLowerCase(Locale.ROOT);
            if (!BuiltInSets.NAMES.contains(name)) throw new GenkernException("unknown set '" + set + "'; expected one of " + BuiltInSets.NAMES);
            all.addAll(BuiltInSets.generate(name, BuiltInSets.defaultSize(name), BuiltInSets.defaultCount(name), 0));
        } else if (data != null) {
            all.addAll(ExemplarFolder.read(data));
        }
        if (label == null) return all;
        List<LabelledImage> chosen = all.stream().filter(e -> e.label().equals(label)).toList();
        if (chosen.isEmpty()) {
            throw new GenkernException("no exemplar is labelled '" + label + "'; labels: "
                    + all.stream().map(LabelledImage::label).distinct().sorted().toList());
        }
        return guided ? all : chosen;
    }

    private static Image transparentAsMask(Path image) {
        Image alpha = ImageFiles.readAlpha(image);
        if (alpha == null) throw new GenkernException("--inpaint " + image + " has no transparent pixels: give --mask MASK (white where to generate)");
        float[] a = alpha.pixels();
        for (int i = 0; i < a.length; i++) a[i] = a[i] < 0.5f ? 1 : 0;
        return new Image(alpha.width(), alpha.height(), 1, a);
    }

    static int[] parseSize(String s) {
        String[] parts = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 1) {
                int n = Integer.parseInt(parts[0].trim());
                return new int[] {n, n};
            }
            if (parts.length == 2) return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new GenkernException("--size must be N or WxH (e.g. 128 or 256x128), got '" + s + "'");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5g", v) : "null";
    }

    private static void writeString(Path p, String s) {
        try {
            java.nio.file.Files.writeString(p, s);
        } catch (java.io.IOException e) {
            throw FileErrors.writing(p, e);
        }
    }
}
