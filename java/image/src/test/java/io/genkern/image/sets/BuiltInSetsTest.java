package io.genkern.image.sets;

import io.genkern.GenkernException;
import io.genkern.image.Image;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every built-in set promises: shapes of images, labels, value range, determinism, and errors. */
class BuiltInSetsTest {
    private final long seed = TestSeeds.seed();

    @Test
    void imagesHaveTheAskedSizeChannelsAndRange() {
        for (String name : BuiltInSets.NAMES) {
            int channels = name.equals("textures") ? 3 : 1;
            for (int size : new int[] {8, 21, 40}) {
                for (LabelledImage li : BuiltInSets.generate(name, size, 7, seed)) {
                    Image im = li.image();
                    assertEquals(size, im.width(), li.name());
                    assertEquals(size, im.height(), li.name());
                    assertEquals(channels, im.channels(), li.name());
                    for (float v : im.pixels()) assertTrue(v >= 0 && v <= 1, li.name() + " has value " + v);
                }
            }
        }
    }

    @Test
    void labelsCycleSoEveryLabelAppears() {
        for (String name : BuiltInSets.NAMES) {
            List<String> labels = BuiltInSets.labels(name);
            int count = 2 * labels.size() + 3;
            List<LabelledImage> images = BuiltInSets.generate(name, 16, count, seed);
            assertEquals(count, images.size());
            Set<String> names = new HashSet<>();
            for (int i = 0; i < count; i++) {
                LabelledImage li = images.get(i);
                assertEquals(labels.get(i % labels.size()), li.label());
                assertTrue(li.name().startsWith(li.label() + "_"), li.name());
                assertTrue(li.name().matches("[A-Za-z0-9_]+"), "not a plain file stem: " + li.name());
                names.add(li.name());
            }
            assertEquals(count, names.size(), "names repeat in " + name);
        }
    }

    @Test
    void defaultsAreThoseDocumented() {
        assertEquals(List.of("textures", "shapes", "glyphs"), BuiltInSets.NAMES);
        assertEquals(List.of("bricks", "tiles", "wood", "marble", "cells", "noise"), BuiltInSets.labels("textures"));
        assertEquals(128, BuiltInSets.defaultSize("textures"));
        assertEquals(32, BuiltInSets.defaultSize("shapes"));
        assertEquals(32, BuiltInSets.defaultSize("glyphs"));
        for (String name : BuiltInSets.NAMES) {
            // Defaults cover every label equally.
            assertEquals(0, BuiltInSets.defaultCount(name) % BuiltInSets.labels(name).size(), name);
        }
    }

    @Test
    void sameArgumentsGiveIdenticalPixelsAndAnotherSeedDifferentOnes() {
        for (String name : BuiltInSets.NAMES) {
            int count = BuiltInSets.labels(name).size();
            List<LabelledImage> a = BuiltInSets.generate(name, 24, count, seed);
            List<LabelledImage> b = BuiltInSets.generate(name, 24, count, seed);
            List<LabelledImage> c = BuiltInSets.generate(name, 24, count, seed + 1);
            for (int i = 0; i < count; i++) {
                assertEquals(a.get(i).name(), b.get(i).name());
                assertArrayEquals(a.get(i).image().pixels(), b.get(i).image().pixels(), a.get(i).name());
                assertFalse(Arrays.equals(a.get(i).image().pixels(), c.get(i).image().pixels()), a.get(i).name() + " ignores the seed");
            }
        }
    }

    @Test
    void anImageDoesNotDependOnHowManyAreAskedFor() {
        for (String name : BuiltInSets.NAMES) {
            List<LabelledImage> few = BuiltInSets.generate(name, 16, 3, seed);
            List<LabelledImage> more = BuiltInSets.generate(name, 16, 9, seed);
            for (int i = 0; i < few.size(); i++) assertArrayEquals(few.get(i).image().pixels(), more.get(i).image().pixels(), name);
        }
    }

    @Test
    void imagesOfOneSetDiffer() {
        for (String name : BuiltInSets.NAMES) {
            List<LabelledImage> images = BuiltInSets.generate(name, 24, 2 * BuiltInSets.labels(name).size(), seed);
            Set<String> distinct = new HashSet<>();
            for (LabelledImage li : images) distinct.add(Arrays.toString(li.image().pixels()));
            assertEquals(images.size(), distinct.size(), name + " repeats an image");
        }
    }

    @Test
    void badArgumentsAreNamedWithWhatIsAllowed() {
        GenkernException e = assertThrows(GenkernException.class, () -> BuiltInSets.generate("faces", 32, 10, seed));
        assertTrue(e.getMessage().contains("faces") && e.getMessage().contains("textures, shapes, glyphs"), e.getMessage());
        assertThrows(GenkernException.class, () -> BuiltInSets.generate(null, 32, 10, seed));
        assertThrows(GenkernException.class, () -> BuiltInSets.labels("Textures"));
        assertThrows(GenkernException.class, () -> BuiltInSets.defaultSize(""));
        assertThrows(GenkernException.class, () -> BuiltInSets.defaultCount("noise"));
        for (int size : new int[] {7, 0, -3, 1025}) {
            e = assertThrows(GenkernException.class, () -> BuiltInSets.generate("shapes", size, 10, seed));
            assertTrue(e.getMessage().contains(String.valueOf(size)) && e.getMessage().contains("8 to 1024"), e.getMessage());
        }
        for (int count : new int[] {0, -1, 10001}) {
            e = assertThrows(GenkernException.class, () -> BuiltInSets.generate("glyphs", 32, count, seed));
            assertTrue(e.getMessage().contains(String.valueOf(count)) && e.getMessage().contains("1 to 10000"), e.getMessage());
        }
    }

    @Test
    void extremeSizesWork() {
        for (String name : BuiltInSets.NAMES) {
            assertEquals(8, BuiltInSets.generate(name, 8, 1, seed).get(0).image().width());
        }
        assertEquals(1024, BuiltInSets.generate("shapes", 1024, 1, seed).get(0).image().width());
    }
}
