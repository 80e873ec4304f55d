package io.genkern.cli;

import io.genkern.Backend;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.attention.Attention;
import io.genkern.attention.AttentionOptions;
import io.genkern.attention.AttentionPath;
import io.genkern.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** {@code genkern attention}: one fused attention on arrays from .npy files. */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = "Compute softmax(scale·QKᵀ + bias + mask)·V on .npy arrays in [B, H, N, D] layout (bias [B, H, M], mask broadcastable to [B, Hq, N, M]).")
final class AttentionCommand implements Runnable {
    @Option(names = "--q", required = true, paramLabel = "Q.npy", description = "Queries [B, Hq, N, Dk].")
    Path q;

    @Option(names = "--k", required = true, paramLabel = "K.npy", description = "Keys [B, Hkv, M, Dk].")
    Path k;

    @Option(names = "--v", required = true, paramLabel = "V.npy", description = "Values [B, Hkv, M, Dv].")
    Path v;

    @Option(names = "--bias", paramLabel = "B.npy", description = "Additive per-key bias [B, Hkv, M].")
    Path bias;

    @Option(names = "--mask", paramLabel = "M.npy", description = "Additive mask, rank 4, broadcastable to [B, Hq, N, M].")
    Path mask;

    @Option(names = "--causal", description = "Causal mask, aligned bottom-right when N != M.")
    boolean causal;

    @Option(names = "--scale", paramLabel = "S", description = "Logit scale (default 1/sqrt(Dk)).")
    Float scale;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f16|bf16", description = "Compute dtype (default ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--path", defaultValue = "auto", paramLabel = "auto|flash|split|general", description = "Force an implementation path.")
    String path;

    @Option(names = "--lse-out", paramLabel = "L.npy", description = "Also write the log-sum-exp [B, Hq, N] (f32).")
    Path lseOut;

    @Option(names = "--out", required = true, paramLabel = "O.npy", description = "Output [B, Hq, N, Dv] (f32, or f16 with --dtype f16).")
    Path out;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        DType dt = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32" -> DType.F32;
            case "f16" -> DType.F16;
            case "bf16" -> DType.BF16;
            default -> throw new GenkernException("unknown --dtype '" + dtype + "'; expected f32, f16 or bf16");
        };
        Backend backend = backendOption.resolve();
        try (Scope scope = Scope.open()) {
            Tensor tq = load(backend, q, "--q", dt, 4), tk = load(backend, k, "--k", dt, 4), tv = load(backend, v, "--v", dt, 4);
            AttentionOptions.Builder opts = AttentionOptions.builder().causal(causal).path(AttentionPath.parse(path));
            if (scale != null) opts.scale(scale);
            if (bias != null) opts.bias(load(backend, bias, "--bias", DType.F32, 3));
            if (mask != null) opts.mask(load(backend, mask, "--mask", DType.F32, 4));
            Tensor lse = lseOut == null ? null : backend.allocate(DType.F32, tq.dim(0), tq.dim(1), tq.dim(2));
            if (lse != null) opts.lse(lse);
            long start = System.nanoTime();
            Tensor o = Attention.forward(tq, tk, tv, opts.build());
            backend.currentStream().synchronize();
            double ms = (System.nanoTime() - start) / 1e6;
            Npy.write(out, dt == DType.F16 ? Npy.Type.F16 : Npy.Type.F32, o.toFloatArray(), o.shape());
            if (lse != null) Npy.write(lseOut, lse.toFloatArray(), lse.shape());
            spec.commandLine().getOut().printf("attention %s on %s: out %s in %.3f ms -> %s%n", dt, backend.description(),
                    Arrays.toString(o.shape()), ms, out);
            spec.commandLine().getOut().flush();
        }
    }

    private static Tensor load(Backend backend, Path file, String option, DType dt, int rank) {
        Npy.Array a = Npy.read(file);
        if (a.rank() != rank) {
            throw new GenkernException(option + " " + file + " has shape " + Arrays.toString(a.shape()) + "; expected " + rank + " dimensions");
        }
        return backend.allocate(dt, a.shape()).copyFrom(a.data());
    }
}
