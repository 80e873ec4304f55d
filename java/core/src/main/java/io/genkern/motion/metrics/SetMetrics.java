package io.genkern.motion.metrics;

import io.genkern.GenkernException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Metrics of a set of motions against each other and against a reference collection. */
public final class SetMetrics {
    /** Window length for diversity and novelty: 2 s at 20 fps. */
    public static final int WINDOW = 40;
    /** Pairs sampled for diversity when there are more. */
    public static final int MAX_PAIRS = 2000;

    private SetMetrics() {}

    /**
     * Diversity: average distance (metres, {@link MotionWindows}) between the opening {@link #WINDOW}-frame
     * windows of pairs of motions; all pairs, or {@link #MAX_PAIRS} random ones drawn with {@code seed}.
     */
    public static double diversity(List<float[][][]> motions, long seed) {
        List<float[]> firsts = new ArrayList<>();
        for (float[][][] m : motions) {
            List<float[]> w = MotionWindows.windowsOf(m, WINDOW, WINDOW);
            if (!w.isEmpty()) firsts.add(w.get(0));
        }
        if (firsts.size() < 2) {
            throw new GenkernException("diversity needs at least 2 motions of " + (WINDOW + 1) + "+ frames, got " + firsts.size());
        }
        int n = firsts.size();
        long allPairs = (long) n * (n - 1) / 2;
        double sum = 0;
        long count = 0;
        if (allPairs <= MAX_PAIRS) {
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++, count++) sum += MotionWindows.distance(firsts.get(i), firsts.get(j));
        } else {
            SplittableRandom rng = new SplittableRandom(seed);
            for (; count < MAX_PAIRS; count++) {
                int i = rng.nextInt(n);
                int j = rng.nextInt(n - 1);
                if (j >= i) j++;
                sum += MotionWindows.distance(firsts.get(i), firsts.get(j));
            }
        }
        return sum / count;
    }

    /**
     * Novelty: for each motion, the mean over its windows (every {@link #WINDOW}/2 frames) of the distance
     * to the nearest window of {@code reference}; averaged over motions. 0 means copied.
     */
    public static double novelty(List<float[][][]> motions, MotionWindows reference) {
        return novelty(motions, reference, null);
    }

    /**
     * As {@link #novelty(List, MotionWindows)}, but motion i is not compared with the reference motion
     * {@code excluded[i]} (leave-one-out, when the motions are themselves part of the reference).
     */
    public static double novelty(List<float[][][]> motions, MotionWindows reference, int[] excluded) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < motions.size(); i++) {
            List<float[]> windows = MotionWindows.windowsOf(motions.get(i), reference.length(), reference.length() / 2);
            if (windows.isEmpty()) continue;
            double clipSum = 0;
            for (float[] w : windows) clipSum += reference.nearest(w, excluded == null ? -1 : excluded[i]);
            sum += clipSum / windows.size();
            counted++;
        }
        if (counted == 0) throw new GenkernException("novelty needs a motion of at least " + (reference.length() + 1) + " frames");
        return sum / counted;
    }
}
