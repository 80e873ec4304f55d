package io.genkern.image.sets;

import io.genkern.image.Image;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Glyphs render (headless, from the bundled fonts), stay inside the border and have ink. */
class GlyphsTest {
    private final long seed = TestSeeds.seed();

    @Test
    void defaultSetCoversDigitsAndLetters() {
        List<LabelledImage> images = BuiltInSets.generate("glyphs", BuiltInSets.defaultSize("glyphs"), BuiltInSets.defaultCount("glyphs"), seed);
        assertEquals(100, images.size());
        for (String label : List.of("0", "7", "A", "X")) {
            assertTrue(images.stream().filter(li -> li.label().equals(label)).count() == 5, label);
        }
    }

    @Test
    void glyphsHaveInkAndStayInsideTheBorder() {
        for (int size : new int[] {12, 32, 64}) {
            for (LabelledImage li : BuiltInSets.generate("glyphs", size, 120, seed)) {
                Image im = li.image();
                double ink = 0;
                for (float v : im.pixels()) ink += v;
                ink /= size * size;
                assertTrue(ink > 0.02 && ink < 0.6, li.name() + " at " + size + " has ink " + ink);
                for (int i = 0; i < size; i++) {
                    float edge = Math.max(Math.max(im.get(0, i, 0), im.get(size - 1, i, 0)), Math.max(im.get(i, 0, 0), im.get(i, size - 1, 0)));
                    assertTrue(edge < 0.05f, li.name() + " at " + size + " touches the border: " + edge);
                }
            }
        }
    }
}
