package io.genkern.motion.generate;

import io.genkern.GenkernException;
import io.genkern.motion.MotionClip;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.MotionWindows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A nearest-neighbour action classifier over the library: each {@value #WINDOW}-frame window of a
 * motion (in its own canonical frame) takes the action of the nearest library window; the motion's
 * action is the majority of its windows. The judge of whether a generated motion shows what the
 * prompt asked for, without a learned evaluator.
 */
public final class ActionClassifier {
    public static final int WINDOW = 30;
    private static final int LIBRARY_STRIDE = 5, QUERY_STRIDE = 10;

    private final Map<String, MotionWindows> byAction = new HashMap<>();

    public ActionClassifier(MotionLibrary library) {
        Map<String, List<float[][][]>> motions = new HashMap<>();
        for (MotionClip c : library.clips()) motions.computeIfAbsent(c.action(), a -> new ArrayList<>()).add(c.positions());
        motions.forEach((action, list) -> byAction.put(action, new MotionWindows(list, WINDOW, LIBRARY_STRIDE)));
    }

    /** The majority action of the windows of {@code positions} [T][22][3] in frames [from, to). */
    public String classify(float[][][] positions, int from, int to) {
        if (from < 0 || to > positions.length || to - from < WINDOW + 1) {
            throw new GenkernException("classifying frames [" + from + ", " + to + ") of " + positions.length + " needs at least "
                    + (WINDOW + 1) + " frames");
        }
        float[][][] range = java.util.Arrays.copyOfRange(positions, from, to);
        Map<String, Integer> votes = new HashMap<>();
        for (float[] window : MotionWindows.windowsOf(range, WINDOW, QUERY_STRIDE)) {
            String best = null;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, MotionWindows> e : byAction.entrySet()) {
                double d = e.getValue().nearest(window, -1);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = e.getKey();
                }
            }
            votes.merge(best, 1, Integer::sum);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
