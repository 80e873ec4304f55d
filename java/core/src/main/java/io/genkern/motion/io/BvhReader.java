package io.genkern.motion.io;

import io.genkern.io.FileErrors;
import io.genkern.GenkernException;
import io.genkern.motion.Skeleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads BVH files of any skeleton (any joint names, any channel orders); see {@link BvhClip} for the semantics. */
public final class BvhReader {
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
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw FileErrors.reading("", path, e);
        }
    }

    /** Parses BVH text; {@code source} names it in error messages. */
    public static BvhClip parse(String text, String source) {
        return new BvhReader(text, source).parse();
    }

    private BvhClip parse() {
        expect("HIERARCHY");
        expect("ROOT");
        joint(-1);
        expect("MOTION");
        expect("Frames:");
        int frames = integer();
        expect("Frame");
        expect("Time:");
        double frameTime = number();
        int width = channels.stream().mapToInt(List::size).sum();
        double[][] values = new double[frames][width];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < width; c++) {
                if (next >= tokens.size()) {
                    throw new GenkernException(source + ": file ends in frame " + t + " of " + frames + " (channel " + c + " of " + width + ")");
                }
                values[t][c] = number();
            }
        }
        Skeleton skeleton = new Skeleton(names.toArray(String[]::new), parents.stream().mapToInt(Integer::intValue).toArray(),
                offsets.toArray(double[][]::new));
        return new BvhClip(skeleton, channels, frameTime, values, endSites.toArray(double[][]::new));
    }

    /** Reads "name { OFFSET .. CHANNELS .. children }" after ROOT or JOINT. */
    private void joint(int parent) {
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
                joint(index);
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
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            next--;
            throw error("expected a number, found '" + token + "'");
        }
    }

    private int integer() {
        double v = number();
        if (v != Math.rint(v) || v < 0) {
            next--;
            throw error("expected a non-negative integer, found '" + tokens.get(next) + "'");
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
