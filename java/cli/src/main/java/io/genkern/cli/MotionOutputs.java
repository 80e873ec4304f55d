package io.genkern.cli;

import io.genkern.motion.Skeleton;
import io.genkern.motion.io.BvhWriter;
import io.genkern.motion.io.GifWriter;
import io.genkern.motion.io.HtmlViewer;
import io.genkern.motion.io.MotionNpy;
import io.genkern.motion.io.StickFigureRenderer;
import io.genkern.motion.library.MotionLibrary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes generated motions as BVH, one HTML viewer, an animated GIF, a PNG filmstrip and .npy files. */
final class MotionOutputs {
    private MotionOutputs() {}

    /** Files for motion i are named {@code <name>.bvh}, {@code <name>.gif}, ...; one viewer shows them all side by side. */
    static void write(Path dir, List<String> names, List<String> captions, List<float[][][]> positions, List<float[][]> features) {
        Skeleton skeleton = Skeleton.smpl22();
        float fps = MotionLibrary.FPS;
        List<HtmlViewer.Item> items = new ArrayList<>();
        StickFigureRenderer renderer = new StickFigureRenderer(skeleton);
        StickFigureRenderer.View view = StickFigureRenderer.View.standard(320, 320);
        for (int i = 0; i < positions.size(); i++) {
            String name = names.get(i);
            float[][][] p = positions.get(i);
            Path bvh = dir.resolve(name + ".bvh"), gif = dir.resolve(name + ".gif"), png = dir.resolve(name + "_filmstrip.png");
            Path npyFeatures = dir.resolve(name + "_features.npy"), npyPositions = dir.resolve(name + "_positions.npy");
            BvhWriter.write(bvh, skeleton, p, fps);
            GifWriter.write(gif, renderer.frames(p, 2, view, captions.get(i)), Math.round(2000 / fps));
            renderer.writeFilmstrip(png, p, fps, 8, view);
            MotionNpy.writeFeatures(npyFeatures, features.get(i));
            MotionNpy.writePositions(npyPositions, p);
            items.add(new HtmlViewer.Item(captions.get(i), skeleton, p, fps));
        }
        HtmlViewer.write(dir.resolve("viewer.html"), "genkern motion", items);
    }
}
