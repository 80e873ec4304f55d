package io.genkern.image;

import io.genkern.GenkernException;

import java.util.Arrays;
import java.util.Locale;

/** Which analytic denoiser of the exemplars a run uses (Kamb &amp; Ganguli 2025; ../reference: analytic denoisers). */
public enum LocalScoreModel {
    /**
     * Equivariant local score machine: the query is the noisy image's k×k patch around a pixel
     * (circular padding), the keys every interior k×k patch of every exemplar, the value the key's
     * centre pixel. Translation-equivariant; its outputs tile.
     */
    ELS,
    /**
     * Boundary-aware ELS (the authors' default): interior pixels as in ELS; pixels within k/2 of
     * an edge match only the zero-padded exemplar patches at the same distance from the same edge
     * (corners: the same position), which restores position information at the borders.
     */
    BBELS,
    /** Local score machine: each pixel weighs whole exemplars by the same-position k×k window (zero padding). */
    LS,
    /** The ideal (whole-image) empirical denoiser: it returns exemplars. */
    IDEAL;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LocalScoreModel byName(String name) {
        for (LocalScoreModel m : values()) if (m.cliName().equalsIgnoreCase(name == null ? "" : name.trim())) return m;
        throw new GenkernException("unknown image model '" + name + "'; expected one of "
                + Arrays.toString(Arrays.stream(values()).map(LocalScoreModel::cliName).toArray()));
    }

    /** Whether every output pixel sees exemplars at the same position (LS, ideal): then sizes must agree. */
    boolean positional() {
        return this == LS || this == IDEAL;
    }
}
