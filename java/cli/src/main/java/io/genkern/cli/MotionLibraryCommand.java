package io.genkern.cli;

import io.genkern.io.FileErrors;
import io.genkern.motion.FeatureStats;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.MotionClip;
import io.genkern.motion.Skeleton;
import io.genkern.motion.io.BvhWriter;
import io.genkern.motion.io.GifWriter;
import io.genkern.motion.io.HtmlViewer;
import io.genkern.motion.io.MotionNpy;
import io.genkern.motion.io.StickFigureRenderer;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.LibraryReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code genkern motion-library}: generates the procedural motion library and writes it out — one BVH
 * per clip, an HTML gallery, a caption index, the feature statistics — then prints the library's
 * reference quality metrics.
 */
@Command(name = "motion-library", mixinStandardHelpOptions = true,
        description = {"Generate the procedural human-motion library (20 actions at 20 fps, SMPL 22-joint skeleton) and write it to DIR:",
            "  bvh/<id>.bvh       every clip as BVH (ZXY channels, metres, frame time 0.05)",
            "  gallery.html       self-contained viewer of a few clips per action",
            "  clips.tsv          id, action, frames, descriptions",
            "  stats/Mean.npy, stats/Std.npy   HumanML3D feature statistics [263]",
            "  npy/ (with --npy)  <id>_features.npy [T-1,263] and <id>_positions.npy [T,22,3]",
            "  previews/ (with --previews)  one GIF and one PNG filmstrip per action",
            "Then prints the reference metrics of the library (foot skating, floor penetration, jitter, bone-length change (worst bone), diversity, novelty)."})
public final class MotionLibraryCommand implements Callable<Integer> {
    /** 1,000 clips of each action is 20,000 clips, about 40 minutes of motion: more is a typo, not a library. */
    static final int MAX_CLIPS_PER_ACTION = 1000;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Library seed (default: ${DEFAULT-VALUE}); the same seed gives the same clips.")
    long seed;

    @Option(names = "--clips-per-action", defaultValue = "26", paramLabel = "N",
            description = "Clips of each of the 20 actions, 1 to 1000 (default: ${DEFAULT-VALUE}, i.e. 520 clips).")
    int clipsPerAction;

    @Option(names = "--gallery-per-action", defaultValue = "2", paramLabel = "N",
            description = "Clips of each action shown in gallery.html (default: ${DEFAULT-VALUE}).")
    int galleryPerAction;

    @Option(names = "--npy", description = "Also write features and positions of every clip as .npy.")
    boolean npy;

    @Option(names = "--previews", description = "Also write an animated GIF and a PNG filmstrip of the first clip of each action.")
    boolean previews;

    @Option(names = "--novelty-clips", defaultValue = "40", paramLabel = "N",
            description = "Clips used for the leave-one-out novelty reference (default: ${DEFAULT-VALUE}, at most the library's clips; 0 skips it).")
    int noveltyClips;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (clipsPerAction < 1 || clipsPerAction > MAX_CLIPS_PER_ACTION) {
            throw new ParameterException(spec.commandLine(), "--clips-per-action must be from 1 to " + MAX_CLIPS_PER_ACTION + ", got " + clipsPerAction);
        }
        if (galleryPerAction < 0) throw new ParameterException(spec.commandLine(), "--gallery-per-action must not be negative, got " + galleryPerAction);
        if (noveltyClips < 0) throw new ParameterException(spec.commandLine(), "--novelty-clips must not be negative, got " + noveltyClips);
        FileErrors.requireWritableDirectory("--out", out);
        PrintWriter console = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        MotionLibrary library = MotionLibrary.generate(seed, clipsPerAction);
        long t1 = System.nanoTime();
        long frames = library.clips().stream().mapToLong(MotionClip::frames).sum();
        console.printf(Locale.ROOT, "generated %d clips (%d frames, %.1f min of motion) in %.0f ms%n", library.size(), frames,
                frames / MotionLibrary.FPS / 60, (t1 - t0) / 1e6);

        Skeleton skeleton = Skeleton.smpl22();
        StringBuilder index = new StringBuilder("id\taction\tframes\tdescriptions\n");
        List<HtmlViewer.Item> gallery = new ArrayList<>();
        int[] shown = new int[MotionLibrary.actions().size()];
        for (MotionClip clip : library.clips()) {
            BvhWriter.write(out.resolve("bvh").resolve(clip.id() + ".bvh"), skeleton, clip.positions(), clip.fps());
            index.append(clip.id()).append('\t').append(clip.action()).append('\t').append(clip.frames()).append('\t')
                    .append(String.join(" | ", clip.descriptions())).append('\n');
            int a = MotionLibrary.actionIndex(clip.action());
            if (shown[a] < galleryPerAction) {
                shown[a]++;
                // Canonical form (start at the origin facing +Z) so that every figure starts facing the camera.
                gallery.add(new HtmlViewer.Item(clip.id() + ": " + clip.descriptions().get(0), skeleton,
                        HumanMl3d.canonicalize(clip.positions()), clip.fps()));
            }
        }
        try {
            Files.writeString(out.resolve("clips.tsv"), index, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FileErrors.writing(out.resolve("clips.tsv"), e);
        }
        if (!gallery.isEmpty()) HtmlViewer.write(out.resolve("gallery.html"), "genkern motion library (seed " + seed + ")", gallery);

        List<float[][]> features = library.features();
        FeatureStats.compute(features).save(out.resolve("stats"));
        if (npy) {
            for (int i = 0; i < library.size(); i++) {
                MotionClip clip = library.clip(i);
                MotionNpy.writeFeatures(out.resolve("npy").resolve(clip.id() + "_features.npy"), features.get(i));
                MotionNpy.writePositions(out.resolve("npy").resolve(clip.id() + "_positions.npy"), clip.positions());
            }
        }
        if (previews) {
            StickFigureRenderer renderer = new StickFigureRenderer(skeleton);
            StickFigureRenderer.View view = StickFigureRenderer.View.standard(240, 280);
            for (String action : MotionLibrary.actions()) {
                MotionClip clip = library.clips(action).get(0);
                float[][][] facingCamera = HumanMl3d.canonicalize(clip.positions());
                GifWriter.write(out.resolve("previews").resolve(action + ".gif"),
                        renderer.frames(facingCamera, 1, view, clip.descriptions().get(0)), Math.round(1000 / clip.fps()));
                renderer.writeFilmstrip(out.resolve("previews").resolve(action + ".png"), facingCamera, clip.fps(), 8, view);
            }
        }
        long t2 = System.nanoTime();
        console.printf(Locale.ROOT, "wrote %s in %.1f s%n%n", out, (t2 - t1) / 1e9);
        console.print(LibraryReference.measure(library.clips(), Math.min(noveltyClips, library.size())).table());
        console.flush();
        return 0;
    }
}
