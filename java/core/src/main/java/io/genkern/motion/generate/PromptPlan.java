package io.genkern.motion.generate;

import io.genkern.GenkernException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a request into timed parts. Parts are separated by ";" or by sequencing words ("then",
 * "after that", "followed by", "and then"); a part may end with its own duration ("walk 3 s",
 * "jump for 1.5 seconds"). Parts without a duration share what remains of the total equally.
 * <pre>
 *   "a person walks forward, then waves with the right hand"  (6 s) → 3 s walk, 3 s wave
 *   "walk 3 s; jump 1.5 s; wave 2 s"                                → 3 s, 1.5 s, 2 s
 * </pre>
 */
public final class PromptPlan {
    /** One part: its text and its length in frames. */
    public record Part(String text, int frames) {}

    private static final Pattern SEPARATORS = Pattern.compile(
            "\\s*;\\s*|\\s*,?\\s*\\b(?:and then|then|after that|afterwards|followed by|and finally|finally)\\b\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile(
            "\\s*(?:for\\s+)?(\\d+(?:\\.\\d+)?)\\s*(?:s|sec|secs|second|seconds)\\.?\\s*$", Pattern.CASE_INSENSITIVE);

    private PromptPlan() {}

    /** Length of the whole motion when nothing says otherwise. */
    public static final double DEFAULT_SECONDS = 6;
    /** Length of a part without a duration when others have one and no total is given. */
    public static final double DEFAULT_PART_SECONDS = 3;
    /** The longest motion one request makes (its parts together). */
    public static final double MAX_SECONDS = 60;

    /**
     * @param seconds the total length, shared by the parts without a duration; null: the sum of the
     *                given durations plus {@value #DEFAULT_PART_SECONDS} s per part without one
     *                ({@value #DEFAULT_SECONDS} s when no part has a duration). When every part has
     *                a duration, a total given must agree with their sum. The whole is at most
     *                {@value #MAX_SECONDS} s.
     */
    public static List<Part> parse(String prompt, Double seconds, float fps) {
        if (prompt == null || prompt.isBlank()) throw new GenkernException("the prompt is empty");
        List<String> texts = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        for (String piece : SEPARATORS.split(prompt.trim())) {
            String p = piece.trim();
            if (p.isEmpty()) continue;
            Matcher m = DURATION.matcher(p);
            Double d = null;
            if (m.find()) {
                d = Double.parseDouble(m.group(1));
                p = p.substring(0, m.start()).trim();
                if (!(d > 0)) throw new GenkernException("part '" + piece.trim() + "' has a duration of " + d + " s; it must be positive");
            }
            if (p.isEmpty()) throw new GenkernException("part '" + piece.trim() + "' has a duration but no text");
            texts.add(p.toLowerCase(Locale.ROOT).startsWith("a person") || p.contains(" ") ? p : "a person " + p);
            durations.add(d);
        }
        if (texts.isEmpty()) throw new GenkernException("the prompt '" + prompt + "' has no text");
        double given = durations.stream().filter(d -> d != null).mapToDouble(Double::doubleValue).sum();
        long missing = durations.stream().filter(d -> d == null).count();
        if (seconds != null && !(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new GenkernException("seconds must be in (0, " + MAX_SECONDS + "], got " + seconds);
        }
        if (seconds != null && missing == 0 && Math.abs(seconds - given) * fps >= 1) {
            throw new GenkernException("the parts' durations add up to " + given + " s but " + seconds + " s were asked for "
                    + "in all; give one or the other, or a part without a duration to take the rest");
        }
        double total = seconds != null ? seconds
                : missing == texts.size() ? DEFAULT_SECONDS : given + DEFAULT_PART_SECONDS * missing;
        if (total > MAX_SECONDS) {
            throw new GenkernException("the prompt asks for " + total + " s of motion; at most " + MAX_SECONDS + " s can be made at once");
        }
        if (missing > 0 && total - given <= 0) {
            throw new GenkernException("the parts with durations take " + given + " s of " + total + " s, leaving nothing for the "
                    + missing + " part(s) without one");
        }
        double share = missing > 0 ? (total - given) / missing : 0;
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            double d = durations.get(i) != null ? durations.get(i) : share;
            int frames = (int) Math.round(d * fps);
            if (frames < 1) throw new GenkernException("part '" + texts.get(i) + "' lasts " + d + " s, less than one frame");
            parts.add(new Part(texts.get(i), frames));
        }
        return parts;
    }
}
