package io.genkern.diffusion;

import java.util.Locale;

/**
 * How the inference timesteps are picked from the training timesteps, with diffusers' semantics
 * (Lin et al. 2023, Table 2, explain why "trailing" matters: it starts at the last training step).
 * At T = 1000, 50 steps: LEADING with steps_offset = 1 gives 981, 961, … 1; TRAILING gives 999, 979,
 * … 19; LINSPACE gives round(linspace(0, 999, 50)) reversed: 999, 979, … 0.
 */
public enum TimestepSpacing {
    /** (0, r, 2r, …)·reversed + offset with r = T // N. */
    LEADING,
    /** round(arange(T, 0, −T/N)) − 1. */
    TRAILING,
    /** round(linspace(0, T − 1, N)) reversed (diffusers' DDIM/DDPM rounding). */
    LINSPACE;

    /** Descending inference timesteps; stepsOffset applies to LEADING only (as in diffusers). */
    public int[] timesteps(int trainingSteps, int steps, int stepsOffset) {
        if (steps < 1 || steps > trainingSteps) {
            throw new IllegalArgumentException("steps must be in [1, " + trainingSteps + "], got " + steps);
        }
        int[] out = new int[steps];
        switch (this) {
            case LEADING -> {
                int ratio = trainingSteps / steps;
                for (int i = 0; i < steps; i++) out[i] = (steps - 1 - i) * ratio + stepsOffset;
            }
            case TRAILING -> {
                double ratio = (double) trainingSteps / steps;
                for (int i = 0; i < steps; i++) out[i] = (int) Math.rint(trainingSteps - i * ratio) - 1;
            }
            case LINSPACE -> {
                for (int i = 0; i < steps; i++) {
                    double t = steps == 1 ? 0 : (double) (trainingSteps - 1) * (steps - 1 - i) / (steps - 1);
                    out[i] = (int) Math.rint(t);
                }
            }
        }
        for (int i = 0; i < steps; i++) {
            if (out[i] < 0 || out[i] >= trainingSteps) {
                throw new IllegalArgumentException(this + " spacing with steps_offset " + stepsOffset + " gives timestep " + out[i]
                        + ", outside [0, " + (trainingSteps - 1) + "]");
            }
        }
        return out;
    }

    public static TimestepSpacing byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "leading" -> LEADING;
            case "trailing" -> TRAILING;
            case "linspace" -> LINSPACE;
            default -> throw new IllegalArgumentException("unknown timestep spacing '" + name + "'; expected leading, trailing or linspace");
        };
    }
}
