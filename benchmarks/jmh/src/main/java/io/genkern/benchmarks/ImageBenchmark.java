package io.genkern.benchmarks;

import io.genkern.image.Approximations;
import io.genkern.image.Image;
import io.genkern.image.ImageGenerator;
import io.genkern.image.sets.BuiltInSets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Image generation speed on the process's default backend: one texture of {@code size}² from one
 * built-in 128² texture exemplar (bricks), 19 DDIM steps of the boundary-aware local score machine
 * with the default patch scale, with the default approximations or exactly ({@code exact}, at the
 * unscaled CIFAR-10 patch sizes, since exact patches of the scaled sizes exceed attention's head
 * dimension); and inpainting a {@code size}² image with a centred hole of a quarter of its area
 * from its own patches. The exact machine is the in-run peer of the approximations. Run:
 * <pre>
 * java -cp 'benchmarks/jmh/target/classes:benchmarks/jmh/target/lib/*' org.openjdk.jmh.Main ImageBenchmark -p size=128
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class ImageBenchmark {
    @Param({"64", "128"})
    public int size;

    @Param({"false", "true"})
    public boolean exact;

    private Image exemplar, hole;
    private Image mask;

    @Setup(Level.Trial)
    public void setup() {
        exemplar = BuiltInSets.generate("textures", 128, 1, 0).get(0).image();
        hole = exemplar.resized(size, size);
        float[] m = new float[size * size];
        for (int y = size / 4; y < 3 * size / 4; y++) for (int x = size / 4; x < 3 * size / 4; x++) m[y * size + x] = 1;
        mask = new Image(size, size, 1, m);
    }

    private ImageGenerator.Builder settings(ImageGenerator.Builder b) {
        return exact ? b.approximations(Approximations.EXACT).patchScale(1) : b;
    }

    @Benchmark
    public ImageGenerator.Result texture() {
        return settings(ImageGenerator.builder(List.of(exemplar)).size(size, size)).seed(1).build().generate();
    }

    @Benchmark
    public ImageGenerator.Result inpaint() {
        return settings(ImageGenerator.builder(List.of()).inpaint(hole, mask)).seed(1).build().generate();
    }
}
