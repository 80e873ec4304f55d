package io.genkern.motion.generate;

import io.genkern.GenkernException;
import io.genkern.motion.MotionClip;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.text.TextEncoder;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Matches prompts against the library clips' descriptions with sentence embeddings: a clip scores
 * the best cosine similarity of its descriptions; clips within {@link #MARGIN} of the best score are
 * selected, weighted exp((score − best)/{@link #TEMPERATURE}). Description embeddings are computed
 * once per library and encoder and cached in {@code cacheDir} (the project's own derived data).
 */
public final class PromptMatcher {
    public static final double MARGIN = 0.06;
    public static final double TEMPERATURE = 0.02;
    /**
     * Below this best similarity a prompt "matches nothing well": callers warn (or refuse). Chosen
     * on tuning lists (motion-eval's prompts score ≥ 0.70, prompts the library cannot do ≤ 0.54);
     * on held-out lists (java/cli/src/test/resources/prompts) it warned on 0 of 20 in-library
     * paraphrases and on 7 of 8 out-of-library prompts.
     */
    public static final double WEAK_MATCH = 0.62;
    /** How many of the closest actions a {@link Match} names. */
    public static final int CLOSEST_ACTIONS = 3;
    /**
     * Sentence embeddings barely separate "left" from "right" (MiniLM scores "waves with the left
     * hand" within 0.01 of "... right hand"); a clip whose captions name the other side than the
     * prompt loses this much similarity.
     */
    public static final double WRONG_SIDE_PENALTY = 0.1;
    private static final java.util.regex.Pattern LEFT = java.util.regex.Pattern.compile("\\bleft\\b"),
            RIGHT = java.util.regex.Pattern.compile("\\bright\\b");

    /** The outcome of matching one prompt. */
    public record Match(String prompt, ClipWeights weights, String bestAction, double bestSimilarity, Map<String, Integer> actions,
                        List<String> closestActions) {
        public boolean weak() {
            return bestSimilarity < WEAK_MATCH;
        }
    }

    private final MotionLibrary library;
    private final TextEncoder encoder;
    private final List<String> sentences;
    private final int[][] clipSentences; // clip → indices into sentences
    private final List<float[]> sentenceEmbeddings;

    public PromptMatcher(MotionLibrary library, TextEncoder encoder, Path cacheDir) {
        this.library = library;
        this.encoder = encoder;
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (MotionClip c : library.clips()) unique.addAll(c.descriptions());
        this.sentences = new ArrayList<>(unique);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < sentences.size(); i++) index.put(sentences.get(i), i);
        clipSentences = new int[library.size()][];
        for (int c = 0; c < library.size(); c++) {
            clipSentences[c] = library.clip(c).descriptions().stream().mapToInt(index::get).toArray();
        }
        this.sentenceEmbeddings = cachedEmbeddings(cacheDir);
    }

    public Match match(String prompt) {
        if (prompt == null || prompt.isBlank()) throw new GenkernException("the prompt is empty");
        float[] p = encoder.embed(List.of(prompt)).get(0);
        double[] sentenceScore = new double[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) sentenceScore[i] = dot(p, sentenceEmbeddings.get(i));
        double[] clipScore = new double[library.size()];
        double best = Double.NEGATIVE_INFINITY;
        int bestClip = 0;
        int promptSide = side(prompt);
        for (int c = 0; c < library.size(); c++) {
            double s = Double.NEGATIVE_INFINITY;
            for (int i : clipSentences[c]) s = Math.max(s, sentenceScore[i]);
            int clipSide = side(String.join(" ", library.clip(c).descriptions()));
            if (promptSide != 0 && clipSide != 0 && clipSide != promptSide) s -= WRONG_SIDE_PENALTY;
            clipScore[c] = s;
            if (s > best) {
                best = s;
                bestClip = c;
            }
        }
        double[] w = new double[library.size()];
        Map<String, Integer> actions = new HashMap<>();
        for (int c = 0; c < library.size(); c++) {
            if (clipScore[c] >= best - MARGIN) {
                w[c] = Math.exp((clipScore[c] - best) / TEMPERATURE);
                actions.merge(library.clip(c).action(), 1, Integer::sum);
            }
        }
        String action = library.clip(bestClip).action();
        return new Match(prompt, new ClipWeights(w, "'" + prompt + "' → " + actions), action, best, actions, closestActions(clipScore));
    }

    /** The {@link #CLOSEST_ACTIONS} actions whose best clips score highest, best first. */
    private List<String> closestActions(double[] clipScore) {
        Map<String, Double> bestOfAction = new HashMap<>();
        for (int c = 0; c < clipScore.length; c++) bestOfAction.merge(library.clip(c).action(), clipScore[c], Math::max);
        return bestOfAction.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(CLOSEST_ACTIONS).map(Map.Entry::getKey).toList();
    }

    /**
     * A part's weights when its words name no side but its clips go to both (side-steps left and
     * right, kicks with either leg, waves with either hand, walks curving either way): the clips that
     * go to no side when they hold most of the weight (a plain walk goes straight), else the clips of
     * one side, {@code left} or right (a plain "wave" is one hand's). The denoiser averages what it
     * attends to, and both sides at once cancel: a side-step on the spot, a wave with both arms half up.
     */
    public static ClipWeights oneSide(MotionLibrary library, ClipWeights weights, String text, boolean left) {
        if (side(text) != 0) return weights;
        double[] w = weights.weights().clone();
        int[] sides = new int[w.length];
        double toLeft = 0, toRight = 0, toNeither = 0;
        for (int c = 0; c < w.length; c++) {
            if (w[c] <= 0) continue;
            sides[c] = side(String.join(" ", library.clip(c).descriptions()));
            if (sides[c] < 0) toLeft += w[c];
            else if (sides[c] > 0) toRight += w[c];
            else toNeither += w[c];
        }
        if (toLeft == 0 || toRight == 0) return weights;
        boolean straight = toNeither >= toLeft + toRight;
        int keep = straight ? 0 : left ? -1 : 1;
        for (int c = 0; c < w.length; c++) if (w[c] > 0 && sides[c] != keep) w[c] = 0;
        return new ClipWeights(w, weights.describe() + (straight ? ", going straight" : left ? ", to the left" : ", to the right"));
    }

    /** -1 when the text names only the left side, +1 only the right, 0 neither or both. */
    private static int side(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        boolean left = LEFT.matcher(t).find(), right = RIGHT.matcher(t).find();
        return left == right ? 0 : left ? -1 : 1;
    }

    /** Conditioning by action label instead of text: every clip of that action, equally. */
    public static ClipWeights forAction(MotionLibrary library, String action) {
        MotionLibrary.actionIndex(action); // validates the label with a message listing the known ones
        double[] w = new double[library.size()];
        for (int c = 0; c < library.size(); c++) if (library.clip(c).action().equals(action)) w[c] = 1;
        return new ClipWeights(w, "action " + action);
    }

    private List<float[]> cachedEmbeddings(Path cacheDir) {
        Path file = cacheDir == null ? null : cacheDir.resolve("descriptions-" + encoder.name() + "-" + digest() + ".bin");
        if (file != null && Files.isRegularFile(file)) {
            try {
                // One read and a big-endian view (what DataOutputStream wrote): float by float from
                // an unbuffered stream took half a second.
                ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
                int n = data.getInt(), dim = data.getInt();
                if (n == sentences.size() && dim == encoder.dimension() && data.remaining() == (long) n * dim * Float.BYTES) {
                    List<float[]> out = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        float[] v = new float[dim];
                        data.asFloatBuffer().get(v);
                        data.position(data.position() + dim * Float.BYTES);
                        out.add(v);
                    }
                    return out;
                }
            } catch (IOException | java.nio.BufferUnderflowException e) {
                // An unreadable cache is recomputed below.
            }
        }
        List<float[]> out = encoder.embed(sentences);
        if (file != null) {
            try {
                Files.createDirectories(cacheDir);
                Path tmp = Files.createTempFile(cacheDir, "descriptions", ".tmp");
                try (OutputStream os = Files.newOutputStream(tmp); DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
                    data.writeInt(out.size());
                    data.writeInt(encoder.dimension());
                    for (float[] v : out) for (float x : v) data.writeFloat(x);
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Caching is an optimisation: without a writable cache directory every run embeds again.
            }
        }
        return out;
    }

    private String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : sentences) md.update((s + "\n").getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : md.digest()) hex.append(String.format("%02x", b));
            return hex.substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new GenkernException("SHA-256 is unavailable", e);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
