package io.genkern.diffusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The noise levels of one sampling run: σ_0 &gt; σ_1 &gt; … &gt; σ_{n−1} &gt; σ_n = 0, n = {@link #steps()},
 * plus (when built from a training schedule) the mapping σ → training timestep that samplers need
 * for intermediate levels (Euler's churn, for example).
 */
public final class NoiseLevels {
    private final List<NoiseLevel> levels;
    private final NoiseSchedule schedule; // null for a pure σ grid

    private NoiseLevels(List<NoiseLevel> levels, NoiseSchedule schedule) {
        for (int i = 0; i + 1 < levels.size(); i++) {
            if (!(levels.get(i + 1).sigma() < levels.get(i).sigma())) {
                throw new IllegalArgumentException("noise levels must strictly decrease: σ[" + i + "] = " + levels.get(i).sigma()
                        + ", σ[" + (i + 1) + "] = " + levels.get(i + 1).sigma());
            }
        }
        if (levels.size() < 2 || levels.get(levels.size() - 1).sigma() != 0) {
            throw new IllegalArgumentException("noise levels need at least one step and must end at σ = 0");
        }
        this.levels = Collections.unmodifiableList(new ArrayList<>(levels));
        this.schedule = schedule;
    }

    /** The training schedule's levels at the given spacing (diffusers' set_timesteps), then σ = 0. */
    public static NoiseLevels of(NoiseSchedule schedule, int steps, TimestepSpacing spacing, int stepsOffset) {
        return ofTimesteps(schedule, spacing.timesteps(schedule.trainingSteps(), steps, stepsOffset));
    }

    /** Explicit descending training timesteps, then σ = 0. */
    public static NoiseLevels ofTimesteps(NoiseSchedule schedule, int[] timesteps) {
        List<NoiseLevel> out = new ArrayList<>();
        for (int t : timesteps) out.add(schedule.level(t));
        out.add(NoiseLevel.clean());
        return new NoiseLevels(out, schedule);
    }

    /**
     * Karras et al. 2022: σ_i = (σ_max^(1/ρ) + i/(n−1)·(σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ, then 0; the σ range
     * is the schedule's and timesteps are interpolated from it.
     */
    public static NoiseLevels karras(NoiseSchedule schedule, int steps, double rho) {
        return ofSigmas(karrasSigmas(steps, schedule.sigmaMin(), schedule.sigmaMax(), rho), schedule);
    }

    /** A Karras σ grid without a training schedule (timesteps are NaN). */
    public static NoiseLevels karras(int steps, double sigmaMin, double sigmaMax, double rho) {
        return ofSigmas(karrasSigmas(steps, sigmaMin, sigmaMax, rho), null);
    }

    /** Explicit decreasing σ values; 0 is appended unless already last. schedule may be null. */
    public static NoiseLevels ofSigmas(double[] sigmas, NoiseSchedule schedule) {
        List<NoiseLevel> out = new ArrayList<>();
        for (double s : sigmas) {
            if (s == 0) continue;
            out.add(new NoiseLevel(s, schedule == null ? Double.NaN : schedule.timestepOf(s)));
        }
        out.add(NoiseLevel.clean());
        return new NoiseLevels(out, schedule);
    }

    /** By name: "karras" or a spacing name (leading, trailing, linspace). */
    public static NoiseLevels byName(String name, NoiseSchedule schedule, int steps, int stepsOffset) {
        if (name.trim().equalsIgnoreCase("karras")) return karras(schedule, steps, 7);
        return of(schedule, steps, TimestepSpacing.byName(name), stepsOffset);
    }

    private static double[] karrasSigmas(int steps, double sigmaMin, double sigmaMax, double rho) {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        if (!(sigmaMin > 0 && sigmaMax > sigmaMin)) {
            throw new IllegalArgumentException("Karras σ range needs 0 < σ_min < σ_max, got " + sigmaMin + ", " + sigmaMax);
        }
        double lo = Math.pow(sigmaMin, 1 / rho), hi = Math.pow(sigmaMax, 1 / rho);
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) s[i] = Math.pow(hi + (steps == 1 ? 0 : (double) i / (steps - 1)) * (lo - hi), rho);
        return s;
    }

    /** Number of steps n (levels n + 1, the last σ = 0). */
    public int steps() {
        return levels.size() - 1;
    }

    /** Level i, 0 ≤ i ≤ steps(). */
    public NoiseLevel get(int i) {
        return levels.get(i);
    }

    public List<NoiseLevel> all() {
        return levels;
    }

    public double[] sigmas() {
        return levels.stream().mapToDouble(NoiseLevel::sigma).toArray();
    }

    public double[] timesteps() {
        return levels.stream().mapToDouble(NoiseLevel::timestep).toArray();
    }

    /** The training schedule these levels came from, or null. */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** A level at an arbitrary σ (timestep interpolated from the schedule, NaN without one). */
    public NoiseLevel at(double sigma) {
        if (sigma == 0) return NoiseLevel.clean();
        return new NoiseLevel(sigma, schedule == null ? Double.NaN : schedule.timestepOf(sigma));
    }

    @Override
    public String toString() {
        return "NoiseLevels" + Arrays.toString(sigmas());
    }
}
