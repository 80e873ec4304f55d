package io.genkern.motion.library;

import io.genkern.GenkernException;
import io.genkern.motion.FeatureStats;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.MotionClip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The embedded motion data set: procedurally animated clips of every {@link Action} at 20 fps on the
 * SMPL 22-joint skeleton, each with an action label and captions. Generation is deterministic: the
 * same seed gives the same clips, bit for bit; each clip draws from its own random stream (derived
 * from the seed, the action and the clip's index), so clip k of an action does not depend on how
 * many clips are generated.
 *
 * <pre>
 * MotionLibrary lib = MotionLibrary.standard(7);
 * List&lt;float[][]&gt; features = lib.features();   // [T_i − 1][263] per clip, same order as clips()
 * FeatureStats stats = lib.stats();              // mean / std over every frame
 * </pre>
 */
public final class MotionLibrary {
    /** Clips per action in {@link #standard}: 26 × 20 actions = 520 clips. */
    public static final int STANDARD_CLIPS_PER_ACTION = 26;
    public static final float FPS = HumanMl3d.FPS;
    /** Longest clip, in frames (HumanML3D's limit of 196 frames, 9.8 s). */
    public static final int MAX_FRAMES = 196;
    public static final int MIN_FRAMES = 40;

    private final long seed;
    private final List<MotionClip> clips;
    private List<float[][]> features;

    private MotionLibrary(long seed, List<MotionClip> clips) {
        this.seed = seed;
        this.clips = Collections.unmodifiableList(clips);
    }

    /** The standard library: {@value #STANDARD_CLIPS_PER_ACTION} clips of each of the 20 actions. */
    public static MotionLibrary standard(long seed) {
        return generate(seed, STANDARD_CLIPS_PER_ACTION);
    }

    /** {@code clipsPerAction} clips of every action, grouped by action in {@link Action} order. */
    public static MotionLibrary generate(long seed, int clipsPerAction) {
        if (clipsPerAction < 1) throw new GenkernException("clips per action must be at least 1, got " + clipsPerAction);
        Action[] actions = Action.values();
        // Clips are independent (own random streams), so parallel generation changes nothing but the time.
        List<MotionClip> clips = IntStream.range(0, actions.length * clipsPerAction).parallel()
                .mapToObj(k -> clip(actions[k / clipsPerAction], seed, k % clipsPerAction)).toList();
        return new MotionLibrary(seed, clips);
    }

    /** Clip {@code index} of {@code action} for {@code seed}: the same clip {@link #generate} would make. */
    public static MotionClip clip(Action action, long seed, int index) {
        SplittableRandom rng = new SplittableRandom(mix(seed, action.ordinal(), index));
        Actor actor = new Actor(rng);
        Take take = action.generate(actor);
        int frames = (int) Math.round(take.seconds() * FPS);
        frames = Math.max(MIN_FRAMES, Math.min(MAX_FRAMES, frames));
        BodyPose[] poses = new BodyPose[frames];
        for (int t = 0; t < frames; t++) poses[t] = take.pose().apply(t / (double) FPS);
        float[][][] positions = actor.rig.animate(poses);
        List<String> descriptions = Descriptions.of(action, take.parameters(), rng);
        String id = action.label() + "_" + String.format("%03d", index);
        return new MotionClip(id, action.label(), descriptions, FPS, positions, take.parameters());
    }

    public long seed() {
        return seed;
    }

    public List<MotionClip> clips() {
        return clips;
    }

    public int size() {
        return clips.size();
    }

    public MotionClip clip(int index) {
        return clips.get(index);
    }

    /** Clips labelled {@code action} (e.g. "wave_left"). */
    public List<MotionClip> clips(String action) {
        Action.ofLabel(action);
        return clips.stream().filter(c -> c.action().equals(action)).toList();
    }

    /** Every action label, in {@link Action} order. */
    public static List<String> actions() {
        return Arrays.stream(Action.values()).map(Action::label).toList();
    }

    /** Index of the clip's action in {@link #actions()}, for class-conditional models. */
    public static int actionIndex(String label) {
        return Action.ofLabel(label).ordinal();
    }

    /** HumanML3D features [T_i − 1][263] of every clip, in clip order; computed once (in parallel) and cached. */
    public synchronized List<float[][]> features() {
        if (features == null) {
            features = Collections.unmodifiableList(clips.parallelStream().map(MotionClip::features).toList());
        }
        return features;
    }

    /** Normalisation statistics of {@link #features()}. */
    public FeatureStats stats() {
        return FeatureStats.compute(features());
    }

    /** A window of feature frames: which clip it comes from, its first frame there, and the frames [length][263]. */
    public record Window(int clip, int start, float[][] features) {}

    /**
     * Every window of {@code length} consecutive feature frames, starting every {@code stride} frames in
     * every clip (clips shorter than {@code length} give none), in clip order. These are the keys of a
     * window-based denoiser; {@code clip(window.clip())} gives the action label and descriptions.
     */
    public List<Window> featureWindows(int length, int stride) {
        if (length < 1 || stride < 1) throw new GenkernException("window length " + length + " and stride " + stride + " must be positive");
        List<float[][]> all = features();
        List<Window> out = new ArrayList<>();
        for (int c = 0; c < all.size(); c++) {
            float[][] f = all.get(c);
            for (int s = 0; s + length <= f.length; s += stride) out.add(new Window(c, s, Arrays.copyOfRange(f, s, s + length)));
        }
        return out;
    }

    private static long mix(long seed, int action, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + action * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
