package io.genkern.cli;

import io.genkern.diffusion.Samplers;
import io.genkern.motion.generate.MotionGenerator;
import picocli.CommandLine.Option;

import java.util.ArrayList;

/** --steps, --sampler and --seed, declared once for the commands that sample (motion, sample). */
final class SamplingOptions {
    @Option(names = "--steps", defaultValue = "" + MotionGenerator.Request.DEFAULT_STEPS, description = "Sampling steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--sampler", defaultValue = MotionGenerator.Request.DEFAULT_SAMPLER, completionCandidates = SamplerNames.class,
            description = "Sampler: ${COMPLETION-CANDIDATES}, or an alias, in any case (default ${DEFAULT-VALUE}, η = 0).")
    String sampler;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}): the same seed gives the same result.")
    long seed;

    static final class SamplerNames extends ArrayList<String> {
        SamplerNames() {
            super(Samplers.NAMES);
        }
    }
}
