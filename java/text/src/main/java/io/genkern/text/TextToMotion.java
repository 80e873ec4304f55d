package io.genkern.text;

import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.io.CacheDirs;
import io.genkern.motion.Skeleton;
import io.genkern.motion.generate.MotionPipeline;
import io.genkern.motion.io.BvhWriter;
import io.genkern.motion.io.MotionNpy;
import io.genkern.motion.library.MotionLibrary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Text to human motion from Java, offline, with the defaults of {@code genkern motion} (6 s, 50
 * DDIM steps, guidance 1.5, the kinematic tracker): the same {@link MotionPipeline}.
 * <pre>{@code
 * try (TextToMotion t2m = TextToMotion.create()) {
 *     TextToMotion.Motion m = t2m.generate("a person walks forward, then waves with the right hand");
 *     m.writeBvh(Path.of("walk-wave.bvh"));
 * }
 * }</pre>
 * Creating one loads the motion library and the text encoder (a few seconds); keep it for many
 * requests. Thread-safe: concurrent requests take turns.
 */
public final class TextToMotion implements AutoCloseable {
    private final MotionPipeline pipeline;

    private TextToMotion(Backend backend) {
        Supplier<MiniLmTextEncoder> encoder = MiniLmTextEncoder.loadInBackground(); // loads while the library is built
        pipeline = new MotionPipeline(MotionLibrary.standard(0), backend, encoder, CacheDirs.genkern());
    }

    /** On the process's default backend (CUDA when usable, else the CPU; see {@link Backends#defaultBackend()}). */
    public static TextToMotion create() {
        return create(Backends.defaultBackend());
    }

    public static TextToMotion create(Backend backend) {
        return new TextToMotion(backend);
    }

    /**
     * A finished motion: joint positions [T][22][3] (metres, Y up, 20 fps) and HumanML3D features
     * [T][263]; {@code warnings} names parts the library cannot do well and parts that barely move.
     */
    public record Motion(float[][][] positions, float[][] features, String caption, List<String> warnings) {
        public int frames() {
            return positions.length;
        }

        /** The motion as BVH text on the SMPL 22-joint skeleton, at 20 fps. */
        public String toBvh() {
            return BvhWriter.toText(Skeleton.smpl22(), positions, MotionLibrary.FPS);
        }

        public void writeBvh(Path path) {
            BvhWriter.write(path, Skeleton.smpl22(), positions, MotionLibrary.FPS);
        }

        /** positions as .npy [T, 22, 3] */
        public void writePositions(Path path) {
            MotionNpy.writePositions(path, positions);
        }

        /** features as .npy [T, 263] */
        public void writeFeatures(Path path) {
            MotionNpy.writeFeatures(path, features);
        }
    }

    /** A motion for the prompt with every default (6 s, seed 0). */
    public Motion generate(String prompt) {
        return generate(MotionPipeline.Request.prompt(prompt).build()).get(0);
    }

    /** One motion per sample of the request (length, seed, steps, guidance, controls...: {@link MotionPipeline.Request}). */
    public List<Motion> generate(MotionPipeline.Request request) {
        List<String> warnings = new ArrayList<>();
        MotionPipeline.Result r = pipeline.generate(request, warnings::add);
        List<Motion> out = new ArrayList<>();
        for (int i = 0; i < r.positions().size(); i++) {
            List<String> all = new ArrayList<>(warnings);
            all.addAll(r.frozenParts().get(i));
            out.add(new Motion(r.positions().get(i), r.features().get(i), r.caption(), List.copyOf(all)));
        }
        return out;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
