package io.genkern.image.sets;

import io.genkern.image.Image;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes lie wholly inside the image, are anti-aliased, and are of a reasonable size. */
class ShapesTest {
    private final long seed = TestSeeds.seed();

    @Test
    void shapesStayInsideTheBorder() {
        for (int size : new int[] {8, 32, 45}) {
            for (LabelledImage li : BuiltInSets.generate("shapes", size, 200, seed)) {
                Image im = li.image();
                for (int i = 0; i < size; i++) {
                    assertEquals(0f, im.get(0, i, 0), li.name() + " touches the top");
                    assertEquals(0f, im.get(size - 1, i, 0), li.name() + " touches the bottom");
                    assertEquals(0f, im.get(i, 0, 0), li.name() + " touches the left");
                    assertEquals(0f, im.get(i, size - 1, 0), li.name() + " touches the right");
                }
            }
        }
    }

    @Test
    void shapesAreSolidAndAntiAliased() {
        for (LabelledImage li : BuiltInSets.generate("shapes", 32, 40, seed)) {
            int white = 0, partial = 0;
            for (float v : li.image().pixels()) {
                if (v == 1f) white++;
                else if (v > 0f) partial++;
            }
            assertTrue(white >= 15, li.name() + " has " + white + " white pixels");
            assertTrue(white < 0.6 * 32 * 32, li.name() + " fills the image");
            assertTrue(partial > 0, li.name() + " has no anti-aliased edge");
        }
    }
}
