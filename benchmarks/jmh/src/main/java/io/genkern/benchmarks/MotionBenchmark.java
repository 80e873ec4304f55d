package io.genkern.benchmarks;

import io.genkern.Backends;
import io.genkern.motion.generate.MotionGenerator;
import io.genkern.motion.generate.MotionPrior;
import io.genkern.motion.generate.PromptMatcher;
import io.genkern.motion.library.MotionLibrary;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Text-to-motion generation speed: a 6-second motion (120 frames), 50 DDIM steps with classifier-free
 * guidance, on the process's default backend (-Dgenkern.backend=cpu|cuda). The library, the prior and
 * the uploaded key sets are built once in setup (a long-running service pays them once); the
 * one-shot CLI prints its own end-to-end time with the breakdown. Run:
 * <pre>
 * java -cp 'benchmarks/jmh/target/classes:benchmarks/jmh/target/lib/*' org.openjdk.jmh.Main MotionBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class MotionBenchmark {
    @Param({"walk", "wave_right"})
    public String action;

    @Param({"1.5"})
    public double guidance;

    private MotionLibrary library;
    private MotionGenerator generator;

    @Setup(Level.Trial)
    public void setup() {
        library = MotionLibrary.standard(0);
        generator = new MotionGenerator(new MotionPrior(library), Backends.defaultBackend());
    }

    @Benchmark
    public MotionGenerator.Result sixSecondsFiftySteps() {
        return generator.generate(MotionGenerator.Request.builder().part(PromptMatcher.forAction(library, action), 120, action)
                .steps(50).guidance(guidance).seed(1).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        generator.close();
    }
}
