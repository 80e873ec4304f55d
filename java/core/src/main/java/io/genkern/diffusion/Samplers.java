package io.genkern.diffusion;

import io.genkern.GenkernException;
import java.util.List;
import java.util.Locale;

/** Samplers by name, as the CLI and configuration files spell them. */
public final class Samplers {
    /** Every name {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("ddpm", "ddim", "euler", "euler_a", "heun", "dpmpp_2m", "dpmpp_2m_sde", "unipc");

    private Samplers() {}

    /**
     * Optional settings; each applies to the samplers that have it. eta: DDIM (default 0), Euler
     * ancestral and DPM++ 2M SDE (default 1). churn / noiseScale: Euler and Heun churn, s_noise.
     * variance: DDPM. order: UniPC.
     */
    public record Options(Double eta, double churn, double noiseScale, Ddpm.Variance variance, int order) {
        public static Options defaults() {
            return new Options(null, 0, 1, Ddpm.Variance.SMALL, 2);
        }

        public Options withEta(double eta) {
            return new Options(eta, churn, noiseScale, variance, order);
        }

        public Options withChurn(double churn) {
            return new Options(eta, churn, noiseScale, variance, order);
        }

        public Options withNoiseScale(double noiseScale) {
            return new Options(eta, churn, noiseScale, variance, order);
        }

        public Options withVariance(Ddpm.Variance variance) {
            return new Options(eta, churn, noiseScale, variance, order);
        }

        public Options withOrder(int order) {
            return new Options(eta, churn, noiseScale, variance, order);
        }
    }

    /** The sampler with its default settings (DDIM: η = 0, deterministic). */
    public static Sampler byName(String name) {
        return byName(name, Options.defaults());
    }

    /**
     * The name {@link #NAMES} lists for a sampler name or alias in any case ("DDIM" → "ddim",
     * "euler_ancestral" → "euler_a"); the one check and message for unknown sampler names.
     */
    public static String canonicalName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("euler_ancestral")) return "euler_a";
        if (!NAMES.contains(n)) throw new GenkernException("unknown sampler '" + name + "'; expected one of " + NAMES);
        return n;
    }

    public static Sampler byName(String name, Options o) {
        String n = canonicalName(name);
        double etaOr1 = o.eta() == null ? 1 : o.eta();
        return switch (n) {
            case "ddpm" -> new Ddpm(o.variance());
            case "ddim" -> new Ddim(o.eta() == null ? 0 : o.eta());
            case "euler" -> new Euler(o.churn(), 0, Double.POSITIVE_INFINITY, o.noiseScale());
            case "euler_a" -> new EulerAncestral(etaOr1, o.noiseScale());
            case "heun" -> new Heun(o.churn(), 0, Double.POSITIVE_INFINITY, o.noiseScale());
            case "dpmpp_2m" -> new DpmPp2m();
            case "dpmpp_2m_sde" -> new DpmPp2mSde(etaOr1, o.noiseScale());
            case "unipc" -> new UniPc(o.order());
            default -> throw new IllegalStateException("canonicalName let '" + n + "' through");
        };
    }
}
