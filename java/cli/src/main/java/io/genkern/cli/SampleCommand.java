package io.genkern.cli;

import io.genkern.Backend;
import io.genkern.GenkernException;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.diffusion.EmpiricalDenoiser;
import io.genkern.diffusion.NoiseLevels;
import io.genkern.diffusion.NoiseSchedule;
import io.genkern.diffusion.SamplingLoop;
import io.genkern.diffusion.Samplers;
import io.genkern.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Arrays;

/** {@code genkern sample}: diffusion sampling from the exact empirical denoiser of a data set. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Sample from the closed-form optimal denoiser of the rows of D.npy [N, dim] (an attention over the data),",
            "with any of genkern's samplers. Writes X.npy [K, dim]. Samples land on (near) data rows: it memorises."})
final class SampleCommand implements Runnable {
    @Option(names = "--data", required = true, paramLabel = "D.npy", description = "Data rows [N, dim] (f32 or f16).")
    Path data;

    @Option(names = "--init", paramLabel = "XT.npy", description = "Starting noise [K, dim] (default: Philox noise from --seed).")
    Path init;

    @Option(names = "--schedule", defaultValue = "cosine", description = "linear, scaled_linear or cosine, optionally +zsnr (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--spacing", defaultValue = "trailing", description = "leading, trailing, linspace or karras (default ${DEFAULT-VALUE}).")
    String spacing;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "K", description = "Samples to draw (default ${DEFAULT-VALUE}); ignored with --init.")
    int samples;

    @Option(names = "--out", required = true, paramLabel = "X.npy", description = "Output [K, dim] (f32).")
    Path out;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String sampler = Samplers.canonicalName(sampling.sampler); // the one check and message for sampler names
        int steps = sampling.steps;
        if (steps < 1) throw new GenkernException("--steps must be at least 1, got " + steps);
        if (samples < 1) throw new GenkernException("--samples must be at least 1, got " + samples);
        Npy.Array d = Npy.read(data);
        if (d.rank() != 2) throw new GenkernException("--data " + data + " has shape " + Arrays.toString(d.shape()) + "; expected [N, dim]");
        Backend backend = backendOption.resolve();
        long start = System.nanoTime();
        NoiseLevels levels = NoiseLevels.byName(spacing, NoiseSchedule.byName(schedule, 1000), steps, 1);
        SamplingLoop<Void> loop = SamplingLoop.<Void>builder(Samplers.byName(sampler), levels).seed(sampling.seed).build();
        try (Scope scope = Scope.open(); EmpiricalDenoiser denoiser = new EmpiricalDenoiser(backend, d.data(), d.dim(0), d.dim(1))) {
            Tensor x;
            if (init != null) {
                Npy.Array xt = Npy.read(init);
                if (xt.rank() != 2 || xt.dim(1) != d.dim(1)) {
                    throw new GenkernException("--init " + init + " has shape " + Arrays.toString(xt.shape()) + "; expected [K, " + d.dim(1) + "]");
                }
                x = backend.fromArray(xt.data(), xt.shape());
            } else {
                x = loop.initialNoise(backend, samples, d.dim(1));
            }
            Tensor result = scope.add(loop.run(backend, denoiser, x)); // the loop's result outlives its own scope
            Npy.write(out, result.toFloatArray(), result.shape());
            spec.commandLine().getOut().printf("sample: %d × %d with %s, %d steps (%s, %s) on %s in %.1f ms -> %s%n", result.dim(0),
                    result.dim(1), sampler, steps, schedule, spacing, backend.description(), (System.nanoTime() - start) / 1e6, out);
            spec.commandLine().getOut().flush();
        }
    }
}
