package io.genkern.benchmarks;

import io.genkern.Backend;
import io.genkern.Backends;
import io.genkern.DType;
import io.genkern.Tensor;
import io.genkern.attention.Attention;
import io.genkern.attention.AttentionOptions;
import org.bytedeco.openblas.global.openblas_full;
import org.bytedeco.pytorch.global.torch;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Fused attention through the Java API (so JNI and validation overhead are included) against
 * libtorch's scaled_dot_product_attention on the same shapes, in the same JVM run. GFLOP/s =
 * 4·B·H·N·M·D / time. Run (after mvn package):
 * <pre>
 * java -cp 'benchmarks/jmh/target/classes:benchmarks/jmh/target/lib/*' org.openjdk.jmh.Main AttentionBenchmark -rf json -rff attention.json
 * java -cp ... org.openjdk.jmh.Main AttentionBenchmark -p shape=1x8x1024x1024x64 -p impl=libtorch   # one case
 * </pre>
 * The backend is the process default (-Dgenkern.backend=cpu|cuda); libtorch here is the CPU build,
 * parallelised by its own OpenMP threads with OpenBLAS kept to one thread inside them (as PyTorch
 * does with MKL): OpenBLAS's pthread pool called from OpenMP workers nests two pools, which
 * oversubscribes the cores and is a known source of crashes in OpenBLAS's locking.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m"})
public class AttentionBenchmark {
    /** BxHxNxMxD ('x', not ',': JMH splits -p values at commas). */
    @Param({"1x8x1024x1024x64", "1x8x4096x4096x64", "1x16x16x262144x64"})
    public String shape;

    @Param({"genkern", "libtorch"})
    public String impl;

    private Tensor q, k, v, out;
    private org.bytedeco.pytorch.Tensor tq, tk, tv;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("x");
        long b = Long.parseLong(p[0]), h = Long.parseLong(p[1]), n = Long.parseLong(p[2]), m = Long.parseLong(p[3]);
        long d = Long.parseLong(p[4]);
        if (impl.equals("genkern")) {
            Backend backend = Backends.defaultBackend();
            q = random(backend, b, h, n, d);
            k = random(backend, b, h, m, d);
            v = random(backend, b, h, m, d);
            out = backend.allocate(DType.F32, b, h, n, d);
        } else {
            openblas_full.openblas_set_num_threads(1);
            torch.set_num_threads(Runtime.getRuntime().availableProcessors());
            tq = torch.randn(b, h, n, d);
            tk = torch.randn(b, h, m, d);
            tv = torch.randn(b, h, m, d);
        }
    }

    private static Tensor random(Backend backend, long... shape) {
        Random r = new Random(42);
        float[] x = new float[Math.toIntExact(shape[0] * shape[1] * shape[2] * shape[3])];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return backend.fromArray(x, shape);
    }

    @Benchmark
    public Object attention() {
        if (impl.equals("genkern")) {
            Attention.forward(q, k, v, AttentionOptions.DEFAULT, out);
            out.backend().currentStream().synchronize();
            return out;
        }
        org.bytedeco.pytorch.Tensor o = torch.scaled_dot_product_attention(tq, tk, tv);
        o.close();
        return o;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[] {q, k, v, out}) {
            if (t != null) t.close();
        }
        for (org.bytedeco.pytorch.Tensor t : new org.bytedeco.pytorch.Tensor[] {tq, tk, tv}) {
            if (t != null) t.close();
        }
    }
}
