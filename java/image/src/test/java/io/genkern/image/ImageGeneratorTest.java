package io.genkern.image;

import io.genkern.Backends;
import io.genkern.GenkernException;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generation end to end on small images: what each mode promises, checked on fresh random exemplars. */
class ImageGeneratorTest {
    private final Random random = TestSeeds.random();

    @Test
    void idealDenoiserWithOneExemplarReturnsIt() {
        Image exemplar = smoothImage(16, 12, 3);
        Image out = ImageGenerator.builder(List.of(exemplar)).model(LocalScoreModel.IDEAL).seed(TestSeeds.seed()).build().generate().images().get(0);
        float[] a = exemplar.pixels(), b = out.pixels();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-3, "value " + i);
    }

    @Test
    void inpaintingKeepsEveryUnmaskedPixelExactly() {
        int w = 24, h = 20;
        Image image = smoothImage(w, h, 3);
        float[] m = new float[w * h];
        for (int y = 6; y < 14; y++) for (int x = 8; x < 17; x++) m[y * w + x] = 1;
        Image mask = new Image(w, h, 1, m);
        List<Image> outs = ImageGenerator.builder(List.of()).inpaint(image, mask).samples(2).seed(TestSeeds.seed())
                .schedule(PatchSchedule.of("small", 3, 3, 3, 3, 3, 3, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 7, 7, 7, 7)).build().generate().images();
        float[] in = image.pixels();
        for (Image out : outs) {
            float[] px = out.pixels();
            boolean changed = false;
            for (int p = 0; p < w * h; p++) {
                for (int c = 0; c < 3; c++) {
                    if (m[p] == 0) assertEquals(Float.floatToIntBits(in[p * 3 + c]), Float.floatToIntBits(px[p * 3 + c]), "known pixel " + p);
                    else changed |= px[p * 3 + c] != in[p * 3 + c];
                }
            }
            assertTrue(changed, "the hole was generated");
        }
    }

    @Test
    void tilesWrapAsSmoothlyAsTheirInterior() {
        Image exemplar = periodicImage(32, 32);
        // The equivariant machine's circular padding makes the wrap-around neighbours ordinary neighbours.
        List<Image> tiles = ImageGenerator.builder(List.of(exemplar)).size(40, 40).tile(true).samples(2).seed(TestSeeds.seed()).build().generate().images();
        for (Image t : tiles) assertTrue(ImageMetrics.seamRatio(t) <= 1.25, "seam ratio " + ImageMetrics.seamRatio(t));
    }

    @Test
    void makingAnImageTileRemovesItsSeamAndKeepsItsMiddle() {
        // A ramp with waves that do not fit the width: its wrap-around seam is a jump.
        int w = 40, h = 36;
        float[] px = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) px[(y * w + x) * 3 + c] = (float) (0.2 + 0.6 * x / w + 0.1 * Math.sin(0.7 * y + c));
            }
        }
        Image image = new Image(w, h, 3, px);
        double before = ImageMetrics.seamRatio(image);
        Image tile = ImageGenerator.builder(List.of()).makeTileable(image, 6).seed(TestSeeds.seed()).build().generate().images().get(0);
        double after = ImageMetrics.seamRatio(tile);
        assertTrue(before > 5, "the test image has a seam: " + before);
        assertTrue(after < before / 3, "seam ratio " + before + " -> " + after);
        for (int y = 6; y < h - 6; y++) {
            for (int x = 6; x < w - 6; x++) assertEquals(image.get(y, x, 1), tile.get(y, x, 1), "kept pixel " + x + "," + y);
        }
    }

    @Test
    void outpaintingGrowsTheCanvasAroundTheExactImage() {
        Image image = smoothImage(20, 16, 3);
        Image out = ImageGenerator.builder(List.of()).outpaint(image, 4, 2, 6, 3).seed(TestSeeds.seed()).build().generate().images().get(0);
        assertEquals(30, out.width());
        assertEquals(21, out.height());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 20; x++) {
                for (int c = 0; c < 3; c++) assertEquals(image.get(y, x, c), out.get(y + 2, x + 4, c), "pixel " + x + "," + y);
            }
        }
        GenkernException e = assertThrows(GenkernException.class, () -> ImageGenerator.builder(List.of()).outpaint(image, 0, 0, 0, 0));
        assertTrue(e.getMessage().contains("not all 0"), e.getMessage());
    }

    @Test
    void sameSeedSameImageOnOneAndTwoThreads() {
        Image exemplar = smoothImage(20, 20, 3);
        ImageGenerator g = ImageGenerator.builder(List.of(exemplar)).size(24, 22).samples(2).seed(TestSeeds.seed()).build();
        try {
            Backends.setCpuThreads(1);
            float[] one = g.generate().samples();
            Backends.setCpuThreads(2);
            float[] two = g.generate().samples();
            assertArrayEquals(one, two);
        } finally {
            Backends.setCpuThreads(0);
        }
        float[] other = ImageGenerator.builder(List.of(exemplar)).size(24, 22).samples(2).seed(TestSeeds.seed() + 1).build().generate().samples();
        assertFalse(java.util.Arrays.equals(other, g.generate().samples()), "another seed gives another image");
    }

    @Test
    void badRequestsGetClearErrors() {
        Image image = smoothImage(16, 16, 3);
        GenkernException e = assertThrows(GenkernException.class,
                () -> ImageGenerator.builder(List.of()).inpaint(image, new Image(8, 16, 1, new float[128])));
        assertTrue(e.getMessage().contains("the mask is 8×16 but the image is 16×16"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> ImageGenerator.builder(List.of()).inpaint(image, new Image(16, 16, 1, new float[256])));
        assertTrue(e.getMessage().contains("no white pixel"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> ImageGenerator.builder(List.of()).build());
        assertTrue(e.getMessage().contains("no exemplar"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> ImageGenerator.builder(List.of(image)).size(0, 5));
        assertTrue(e.getMessage().contains("0×5"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> ImageGenerator.builder(List.of(image)).sampler("dalle"));
        assertTrue(e.getMessage().contains("unknown sampler"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> ImageGenerator.builder(List.of(image)).condition(new float[2], 3).build());
        assertTrue(e.getMessage().contains("2 exemplar log-weights for 1 exemplars"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> ImageGenerator.builder(List.of(image)).condition(new float[] {Float.NaN}, 3));
        assertTrue(e.getMessage().contains("log-weights must be numbers"), e.getMessage());
        e = assertThrows(GenkernException.class,
                () -> ImageGenerator.builder(List.of(image)).model(LocalScoreModel.IDEAL).condition(new float[1], 2).build());
        assertTrue(e.getMessage().contains("ideal denoiser takes no exemplar weights"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> ImageGenerator.builder(List.of(image)).initialNoise(new float[7]).build().generate());
        assertTrue(e.getMessage().contains("initial noise has 7 values"), e.getMessage());
    }

    /** Random low-frequency colour images (sums of a few random waves), so patches are informative. */
    private Image smoothImage(int w, int h, int c) {
        float[] px = new float[w * h * c];
        for (int ch = 0; ch < c; ch++) {
            for (int wave = 0; wave < 3; wave++) {
                double fx = random.nextDouble() * 0.6, fy = random.nextDouble() * 0.6, ph = random.nextDouble() * 6.3, amp = 0.15;
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[(y * w + x) * c + ch] += (float) (amp * Math.sin(fx * x + fy * y + ph));
            }
        }
        for (int i = 0; i < px.length; i++) px[i] = Math.min(Math.max(px[i] + 0.5f, 0f), 1f);
        return new Image(w, h, c, px);
    }

    /** A random image periodic in both axes (whole waves across it), as a texture to tile. */
    private Image periodicImage(int w, int h) {
        float[] px = new float[w * h * 3];
        for (int ch = 0; ch < 3; ch++) {
            for (int wave = 0; wave < 3; wave++) {
                int fx = 1 + random.nextInt(4), fy = random.nextInt(4);
                double ph = random.nextDouble() * 6.3;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) px[(y * w + x) * 3 + ch] += (float) (0.15 * Math.sin(2 * Math.PI * (fx * x / (double) w + fy * y / (double) h) + ph));
                }
            }
        }
        for (int i = 0; i < px.length; i++) px[i] = Math.min(Math.max(px[i] + 0.5f, 0f), 1f);
        return new Image(w, h, 3, px);
    }
}
