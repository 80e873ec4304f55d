package io.genkern.motion.io;

import io.genkern.io.TextFiles;
import io.genkern.GenkernException;
import io.genkern.motion.Skeleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads BVH files of any skeleton (any joint names, any channel orders); see {@link BvhClip} for the
 * semantics. What is read is checked against what the file declares (frame count, channels), and
 * counts are bounded by the data present before anything is allocated.
 */
public final class BvhReader {
    /** The deepest joint hierarchy read (deeper files are refused, not a stack overflow). */
    public static final int MAX_DEPTH = 256;
    private static final Set<String> CHANNEL_NAMES = Set.of("xposition", "yposition", "zposition", "xrotation", "yrotation", "zrotation");

    private final String source;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    private int next;

    private final List<String> names = new ArrayList<>();
    private final List<Integer> parents = new ArrayList<>();
    private final List<double[]> offsets = new ArrayList<>();
    private final List<List<String>> channels = new ArrayList<>();
    private final List<double[]> endSites = new ArrayList<>();

    private BvhReader(String text, String source) {
        this.source = source;
        String[] rows = text.split("\r?\n|\r", -1);
        for (int i = 0; i < rows.length; i++) {
            for (String token : rows[i].trim().split("\\s+")) {
                if (token.isEmpty()) continue;
                tokens.add(token);
                lines.add(i + 1);
            }
        }
    }

    public static BvhClip read(Path path) {
        return parse(TextFiles.read("", path), path.toString());
    }

    /** Parses BVH text; {@code source} names it in error messages. */
    public static BvhClip parse(String text, String source) {
        return new BvhReader(text, source).parse();
    }

    private BvhClip parse() {
        expect("HIERARCHY");
        expect("ROOT");
        joint(-1, 0);
        expect("MOTION");
        expect("Frames:");
        int frames = integer();
        expect("Frame");
        expect("Time:");
        double frameTime = number();
        if (!(frameTime > 0)) {
            next--;
            throw error("Frame Time must be positive, found " + frameTime);
        }
        int width = channels.stream().mapToInt(List::size).sum();
        long numbers = tokens.size() - next;
        if ((long) frames * width != numbers) {
            throw new GenkernException(source + ": declares " + frames + " frames of " + width + " channels (" + (long) frames * width
                    + " numbers) but has " + numbers + " numbers after 'Frame Time'"
                    + (width > 0 && numbers % width == 0 ? " (" + numbers / width + (numbers == width ? " frame)" : " frames)") : ""));
        }
        double[][] values = new double[frames][width];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < width; c++) values[t][c] = number();
        }
        Skeleton skeleton = new Skeleton(names.toArray(String[]::new), parents.stream().mapToInt(Integer::intValue).toArray(),
                offsets.toArray(double[][]::new));
        return new BvhClip(skeleton, channels, frameTime, values, endSites.toArray(double[][]::new));
    }

    /** Reads "name { OFFSET .. CHANNELS .. children }" after ROOT or JOINT. */
    private void joint(int parent, int depth) {
        if (depth >= MAX_DEPTH) throw error("the joint hierarchy is deeper than " + MAX_DEPTH + " levels");
        int index = names.size();
        names.add(word("joint name"));
        parents.add(parent);
        expect("{");
        expect("OFFSET");
        offsets.add(new double[] {number(), number(), number()});
        List<String> own = new ArrayList<>();
        if (peek("CHANNELS")) {
            next++;
            int count = integer();
            if (count > CHANNEL_NAMES.size()) {
                next--;
                throw error("joint '" + names.get(index) + "' declares " + count + " channels; at most " + CHANNEL_NAMES.size());
            }
            for (int i = 0; i < count; i++) {
                String channel = word("channel name");
                if (!CHANNEL_NAMES.contains(channel.toLowerCase(Locale.ROOT))) {
                    next--;
                    throw error("unknown channel '" + channel + "' in joint '" + names.get(index) + "'");
                }
                own.add(channel);
            }
        }
        channels.add(own);
        while (!peek("}")) {
            if (peek("JOINT")) {
                next++;
                joint(index, depth + 1);
            } else if (peek("End")) {
                next++;
                expect("Site");
                expect("{");
                expect("OFFSET");
                endSites.add(new double[] {index, number(), number(), number()});
                expect("}");
            } else {
                throw error("expected JOINT, End Site or } in joint '" + names.get(index) + "', found '" + current() + "'");
            }
        }
        expect("}");
    }

    private boolean peek(String word) {
        return next < tokens.size() && tokens.get(next).equalsIgnoreCase(word);
    }

    private void expect(String word) {
        if (!peek(word)) throw error("expected '" + word + "', found '" + current() + "'");
        next++;
    }

    private String word(String what) {
        if (next >= tokens.size()) throw error("expected " + what + ", found the end of the file");
        return tokens.get(next++);
    }

    private double number() {
        String token = word("a number");
        double v;
        try {
            v = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            next--;
            throw error("expected a number, found '" + token + "'");
        }
        if (!Double.isFinite(v)) {
            next--;
            throw error("expected a finite number, found '" + token + "'");
        }
        return v;
    }

    private int integer() {
        double v = number();
        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
            next--;
            throw error("expected a whole number from 0 to " + Integer.MAX_VALUE + ", found '" + tokens.get(next) + "'");
        }
        return (int) v;
    }

    private String current() {
        return next < tokens.size() ? tokens.get(next) : "end of file";
    }

    private GenkernException error(String message) {
        int line = next < lines.size() ? lines.get(next) : lines.isEmpty() ? 0 : lines.get(lines.size() - 1);
        return new GenkernException(source + " line " + line + ": " + message);
    }
}
