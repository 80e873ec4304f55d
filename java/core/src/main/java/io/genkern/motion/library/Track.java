package io.genkern.motion.library;

import java.util.ArrayList;
import java.util.List;

/**
 * A keyframed scalar curve: cubic Hermite between keys, constant before the first and after the
 * last. A key may fix its slope; keys added without one get the Catmull–Rom slope of their
 * neighbours (zero at the ends), which keeps the curve C¹ and free of overshoot at rests.
 */
final class Track {
    private final List<double[]> keys = new ArrayList<>(); // {time, value, slope, slopeGiven}

    /** Adds a key with a free (Catmull–Rom) slope. Keys must come in increasing time. */
    Track key(double t, double value) {
        return add(t, value, 0, false);
    }

    /** Adds a key with a fixed slope (value per second). */
    Track key(double t, double value, double slope) {
        return add(t, value, slope, true);
    }

    private Track add(double t, double value, double slope, boolean given) {
        if (!keys.isEmpty() && t <= keys.get(keys.size() - 1)[0]) {
            throw new IllegalStateException("track keys must increase in time: " + t + " after " + keys.get(keys.size() - 1)[0]);
        }
        keys.add(new double[] {t, value, slope, given ? 1 : 0});
        return this;
    }

    double at(double t) {
        int n = keys.size();
        if (t <= keys.get(0)[0]) return keys.get(0)[1];
        if (t >= keys.get(n - 1)[0]) return keys.get(n - 1)[1];
        int i = 0;
        while (keys.get(i + 1)[0] < t) i++;
        double[] a = keys.get(i);
        double[] b = keys.get(i + 1);
        double h = b[0] - a[0];
        double u = (t - a[0]) / h;
        double u2 = u * u;
        double u3 = u2 * u;
        return (2 * u3 - 3 * u2 + 1) * a[1] + (u3 - 2 * u2 + u) * h * slope(i) + (-2 * u3 + 3 * u2) * b[1] + (u3 - u2) * h * slope(i + 1);
    }

    private double slope(int i) {
        double[] k = keys.get(i);
        if (k[3] > 0) return k[2];
        if (i == 0 || i == keys.size() - 1) return 0;
        double[] prev = keys.get(i - 1);
        double[] next = keys.get(i + 1);
        // Rests (a key equal to a neighbour) keep zero slope so that the curve does not overshoot.
        if (prev[1] == k[1] || next[1] == k[1] || (k[1] - prev[1]) * (next[1] - k[1]) < 0) return 0;
        return (next[1] - prev[1]) / (next[0] - prev[0]);
    }
}
