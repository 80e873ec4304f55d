package io.genkern.diffusion;

import java.util.Arrays;

/** An immutable linear combination Σ c_t·t of the step's {@link Term}s, in float64. */
public final class Combination {
    private static final Term[] TERMS = Term.values();
    private final double[] c;

    private Combination(double[] c) {
        this.c = c;
    }

    public static Combination zero() {
        return new Combination(new double[TERMS.length]);
    }

    public static Combination of(Term t, double coefficient) {
        return zero().plus(t, coefficient);
    }

    public double get(Term t) {
        return c[t.ordinal()];
    }

    public Combination plus(Term t, double coefficient) {
        double[] out = c.clone();
        out[t.ordinal()] += coefficient;
        return new Combination(out);
    }

    public Combination plus(Combination other) {
        double[] out = c.clone();
        for (int i = 0; i < out.length; i++) out[i] += other.c[i];
        return new Combination(out);
    }

    public Combination minus(Combination other) {
        return plus(other.times(-1));
    }

    public Combination times(double k) {
        double[] out = c.clone();
        for (int i = 0; i < out.length; i++) out[i] *= k;
        return new Combination(out);
    }

    /** Evaluates the combination on scalar values (indexed by Term ordinal); for references and tests. */
    public double apply(double[] values) {
        double s = 0;
        for (int i = 0; i < c.length; i++) if (c[i] != 0) s += c[i] * values[i];
        return s;
    }

    public boolean isFinite() {
        return Arrays.stream(c).allMatch(Double::isFinite);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Term t : TERMS) {
            double v = c[t.ordinal()];
            if (v != 0) sb.append(sb.length() == 0 ? "" : " + ").append(v).append("·").append(t);
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }
}
