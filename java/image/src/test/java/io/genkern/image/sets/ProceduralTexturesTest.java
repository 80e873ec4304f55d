package io.genkern.image.sets;

import io.genkern.image.Image;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The textures tile seamlessly and are not flat. */
class ProceduralTexturesTest {
    private final long seed = TestSeeds.seed();

    /**
     * Across the wrap (last column to first, last row to first) pixels change no more than between
     * neighbours inside the image. Summed over 16 images of a kind: one image's wrap can by chance
     * fall on a ring or vein edge, but a real seam is several times the interior change in every image.
     */
    @Test
    void texturesTile() {
        int size = 64, perLabel = 16;
        List<String> labels = BuiltInSets.labels("textures");
        Map<String, double[]> sums = new HashMap<>(); // wrap, interior
        for (LabelledImage li : BuiltInSets.generate("textures", size, perLabel * labels.size(), seed)) {
            double[] s = sums.computeIfAbsent(li.label(), k -> new double[2]);
            for (boolean rows : new boolean[] {false, true}) {
                double interior = 0;
                for (int i = 0; i + 1 < size; i++) interior += difference(li.image(), i, i + 1, rows);
                s[0] += difference(li.image(), size - 1, 0, rows);
                s[1] += interior / (size - 1);
            }
        }
        for (String label : labels) {
            double[] s = sums.get(label);
            assertTrue(s[0] <= 1.5 * s[1], label + ": change across the wrap " + s[0] + " against " + s[1] + " between interior neighbours");
        }
    }

    @Test
    void texturesHaveStructureAndColour() {
        for (LabelledImage li : BuiltInSets.generate("textures", 64, 12, seed)) {
            float[] px = li.image().pixels();
            double mean = 0, spread = 0;
            for (float v : px) mean += v;
            mean /= px.length;
            for (float v : px) spread += (v - mean) * (v - mean);
            assertTrue(Math.sqrt(spread / px.length) > 0.02, li.name() + " is flat");
        }
    }

    // Mean absolute difference between column (or row) a and b over all pixels and channels.
    private static double difference(Image im, int a, int b, boolean rows) {
        int n = im.width(), c = im.channels();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) sum += Math.abs(rows ? im.get(a, i, k) - im.get(b, i, k) : im.get(i, a, k) - im.get(i, b, k));
        }
        return sum / (n * c);
    }
}
