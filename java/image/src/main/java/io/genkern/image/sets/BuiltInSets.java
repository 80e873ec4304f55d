package io.genkern.image.sets;

import io.genkern.GenkernException;
import io.genkern.image.Image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Exemplar image sets generated at run time, so image generation can be tried with nothing
 * downloaded: "textures" (seamlessly tileable RGB), "shapes" (dSprites-like grey shapes) and
 * "glyphs" (digits and letters in several faces). Image i is drawn from its own generator seeded
 * by (set, seed, i), so the same arguments give bit-identical pixels on every run and machine, and
 * image i does not depend on how many are asked for. Image i has label {@code labels.get(i % labels.size())}.
 */
public final class BuiltInSets {
    private BuiltInSets() {}

    public static final List<String> NAMES = List.of("textures", "shapes", "glyphs");

    private static final int MIN_SIZE = 8, MAX_SIZE = 1024, MAX_COUNT = 10000;

    /** {@code count} images of {@code size}×{@code size}. */
    public static List<LabelledImage> generate(String name, int size, int count, long seed) {
        List<String> labels = labels(name);
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new GenkernException("image size " + size + " is out of range: built-in sets are " + MIN_SIZE + " to " + MAX_SIZE + " pixels square");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new GenkernException("image count " + count + " is out of range: built-in sets make 1 to " + MAX_COUNT + " images");
        }
        long setSeed = Hash.of(seed, name.hashCode()); // String.hashCode is specified, so stable everywhere
        int digits = Math.max(3, String.valueOf(count - 1).length());
        List<LabelledImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String label = labels.get(i % labels.size());
            SplittableRandom rng = new SplittableRandom(Hash.of(setSeed, i));
            Image image = switch (name) {
                case "textures" -> ProceduralTextures.generate(label, size, rng);
                case "shapes" -> Shapes.generate(label, size, rng);
                default -> Glyphs.generate(label, size, rng);
            };
            images.add(new LabelledImage(label + "_" + String.format(Locale.ROOT, "%0" + digits + "d", i), label, image));
        }
        return List.copyOf(images);
    }

    public static int defaultSize(String name) {
        return switch (checked(name)) {
            case "textures" -> 128;
            default -> 32;
        };
    }

    /** One of each texture; 15 of each shape; 5 of each glyph. */
    public static int defaultCount(String name) {
        return switch (checked(name)) {
            case "textures" -> ProceduralTextures.LABELS.size();
            case "shapes" -> 15 * Shapes.LABELS.size();
            default -> 5 * Glyphs.LABELS.size();
        };
    }

    /** The labels a set uses, in the order images cycle through them. */
    public static List<String> labels(String name) {
        return switch (checked(name)) {
            case "textures" -> ProceduralTextures.LABELS;
            case "shapes" -> Shapes.LABELS;
            default -> Glyphs.LABELS;
        };
    }

    private static String checked(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new GenkernException("unknown built-in image set '" + name + "': the built-in sets are " + String.join(", ", NAMES));
        }
        return name;
    }
}
