package io.genkern.image;

import io.genkern.GenkernException;
import io.genkern.diffusion.NoiseLevel;
import io.genkern.diffusion.NoiseLevels;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The noise levels and patch sizes of a local-score run, as Kamb &amp; Ganguli's reference code has
 * them: noise b(t)² = 1 − cos²(t/1.008·π/2) on the grid t = i/n, i = n−1 … 1, then the clean end
 * (n − 1 denoiser calls; the authors run n = 20), and per level an odd patch size from a
 * calibrated list of 20 (index 0 = lowest noise). A level's patch size is the list's entry at
 * round(20·t) for its t, so runs with any step count and any sampler's intermediate levels use the
 * patch size calibrated for that noise.
 */
public final class PatchSchedule {
    /** The authors' CIFAR-10 list (ResNet-calibrated; their shipped scale file). */
    public static final PatchSchedule CIFAR10 = new PatchSchedule("cifar10",
            new int[] {3, 3, 3, 3, 5, 5, 5, 5, 7, 7, 7, 7, 9, 9, 11, 13, 13, 15, 17, 25});
    /** The authors' MNIST list (UNet-calibrated). */
    public static final PatchSchedule MNIST = new PatchSchedule("mnist",
            new int[] {3, 3, 3, 5, 5, 7, 7, 7, 9, 9, 9, 11, 13, 15, 17, 21, 23, 23, 25, 27});
    public static final List<PatchSchedule> BUILT_IN = List.of(CIFAR10, MNIST);

    private static final double STRETCH = 1.008; // the reference's cosine schedule: t/1.008·π/2
    private final String name;
    private final int[] sizes;

    private PatchSchedule(String name, int[] sizes) {
        this.name = name;
        this.sizes = sizes;
    }

    /** A schedule of 20 odd patch sizes (index 0 = lowest noise). */
    public static PatchSchedule of(String name, int... sizes) {
        if (sizes.length != 20) throw new GenkernException("a patch schedule lists 20 sizes (lowest noise first), got " + sizes.length);
        for (int s : sizes) {
            if (s < 1 || s % 2 == 0) throw new GenkernException("patch sizes must be odd and positive, got " + Arrays.toString(sizes));
        }
        return new PatchSchedule(name, sizes.clone());
    }

    /**
     * The authors' list for data like these exemplars: MNIST's (larger patches, calibrated on grey
     * digits) for grey images, CIFAR-10's for colour.
     */
    public static PatchSchedule forChannels(int channels) {
        return channels == 1 ? MNIST : CIFAR10;
    }

    /** What generation uses when no schedule is given: {@link #forChannels} scaled by {@link #autoScale} of the exemplars' smallest side. */
    public static PatchSchedule auto(int channels, int smallestSide) {
        return forChannels(channels).scaled(autoScale(smallestSide));
    }

    /** "cifar10", "mnist", or 20 comma-separated odd sizes; "auto" gives null (choose by {@link #forChannels}). */
    public static PatchSchedule byName(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) return null;
        for (PatchSchedule p : BUILT_IN) if (p.name.equals(s)) return p;
        try {
            return of("custom", Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
        } catch (NumberFormatException e) {
            throw new GenkernException("unknown patch schedule '" + spec + "'; expected auto, cifar10, mnist or 20 comma-separated odd sizes");
        }
    }

    public String name() {
        return name;
    }

    /**
     * This schedule with every size multiplied by {@code factor} (rounded to the nearest odd size):
     * the lists are calibrated on 28–32 pixel images, and exemplars whose structures are larger
     * need proportionally larger patches at each noise level.
     */
    public PatchSchedule scaled(double factor) {
        if (!(factor > 0 && factor <= 64)) throw new GenkernException("the patch scale must be in (0, 64], got " + factor);
        if (factor == 1) return this;
        int[] s = new int[sizes.length];
        for (int i = 0; i < s.length; i++) s[i] = Math.max(1, 2 * (int) Math.round((sizes[i] * factor - 1) / 2) + 1);
        return new PatchSchedule(name + "×" + factor, s);
    }

    /** The scale {@link #scaled} gets by default for exemplars whose smaller side is {@code side} pixels: side/40, at least 1. */
    public static double autoScale(int side) {
        return Math.max(1, Math.round(side / 40.0 * 4) / 4.0);
    }

    /** The reference's levels for {@code n} grid points (n − 1 steps). */
    public static NoiseLevels levels(int n) {
        if (n < 2) throw new GenkernException("a local-score run needs at least 2 grid points (1 step), got " + n);
        double[] sigmas = new double[n - 1];
        for (int i = n - 1; i >= 1; i--) sigmas[n - 1 - i] = Math.tan((double) i / n / STRETCH * Math.PI / 2);
        return NoiseLevels.ofSigmas(sigmas, null);
    }

    /** The patch size for a noise level. */
    public int patchSize(NoiseLevel level) {
        double t = Math.atan(level.sigma()) * 2 / Math.PI * STRETCH;
        int index = (int) Math.round(t * sizes.length);
        return sizes[Math.min(Math.max(index, 0), sizes.length - 1)];
    }

    @Override
    public String toString() {
        return name + Arrays.toString(sizes);
    }
}
