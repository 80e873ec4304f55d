package io.genkern.motion.generate;

import io.genkern.testing.TestSeeds;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.text.TextEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prompt matching with a stand-in encoder: the caption embeddings' cache on disk. */
class PromptMatcherTest {
    @TempDir
    Path cache;

    /** Random unit vectors per sentence (the same sentence, the same vector), counting what it embeds. */
    private static final class CountingEncoder implements TextEncoder {
        final long salt = TestSeeds.seed();
        int embedded;

        @Override
        public int dimension() {
            return 24;
        }

        @Override
        public List<float[]> embed(List<String> sentences) {
            embedded += sentences.size();
            List<float[]> out = new ArrayList<>();
            for (String s : sentences) {
                SplittableRandom r = new SplittableRandom(salt ^ s.hashCode());
                float[] v = new float[dimension()];
                double norm = 0;
                for (int i = 0; i < v.length; i++) norm += (v[i] = (float) r.nextGaussian()) * v[i];
                for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(norm);
                out.add(v);
            }
            return out;
        }

        @Override
        public String name() {
            return "counting";
        }
    }

    @Test
    void captionEmbeddingsAreCachedAndAReadableCacheIsTrusted() throws Exception {
        MotionLibrary library = MotionLibrary.generate(TestSeeds.seed(), 2);
        CountingEncoder encoder = new CountingEncoder();
        String prompt = library.clip(TestSeeds.random().nextInt(library.size())).descriptions().get(0);

        PromptMatcher first = new PromptMatcher(library, encoder, cache);
        int captions = encoder.embedded;
        assertTrue(captions > library.size(), "every caption embedded once: " + captions);
        double[] expected = first.match(prompt).weights().weights();

        encoder.embedded = 0;
        PromptMatcher cached = new PromptMatcher(library, encoder, cache);
        assertEquals(0, encoder.embedded, "captions come from the cache");
        assertArrayEquals(expected, cached.match(prompt).weights().weights(), 0.0, "the cached embeddings match the same clips, bit for bit");

        try (var files = Files.list(cache)) {
            for (Path f : files.toList()) Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 100)); // truncated
        }
        encoder.embedded = 0;
        PromptMatcher recomputed = new PromptMatcher(library, encoder, cache);
        assertEquals(captions, encoder.embedded, "a truncated cache is recomputed");
        assertArrayEquals(expected, recomputed.match(prompt).weights().weights(), 0.0);
    }

    @Test
    void wordsWithNoSideKeepOneSide() {
        MotionLibrary library = MotionLibrary.generate(0, 6);
        boolean left = new java.util.Random(TestSeeds.seed()).nextBoolean();
        // Side-steps all go to a side: one side is kept, the one asked for.
        ClipWeights steps = PromptMatcher.oneSide(library, PromptMatcher.forAction(library, "side_step"), "a person side steps", left);
        for (int c = 0; c < library.size(); c++) {
            if (steps.weights()[c] == 0) continue;
            String d = String.join(" ", library.clip(c).descriptions());
            assertTrue(d.contains(left ? "left" : "right") && !d.contains(left ? "right" : "left"), d);
        }
        assertTrue(steps.selected() > 0 && steps.selected() < PromptMatcher.forAction(library, "side_step").selected());
        // Walks mostly go straight (in the standard library 26 walks, some curving each way): the curving ones go.
        MotionLibrary standard = MotionLibrary.standard(0);
        ClipWeights allWalks = PromptMatcher.forAction(standard, "walk");
        int curvingLeft = 0, curvingRight = 0;
        for (int c = 0; c < standard.size(); c++) {
            String d = String.join(" ", standard.clip(c).descriptions());
            if (allWalks.weights()[c] > 0 && d.contains("curving to the left")) curvingLeft++;
            if (allWalks.weights()[c] > 0 && d.contains("curving to the right")) curvingRight++;
        }
        assertTrue(curvingLeft > 0 && curvingRight > 0 && curvingLeft + curvingRight < allWalks.selected() / 2,
                "the case this checks: " + curvingLeft + " + " + curvingRight + " curving of " + allWalks.selected());
        ClipWeights walks = PromptMatcher.oneSide(standard, allWalks, "a person walks", left);
        assertEquals(allWalks.selected() - curvingLeft - curvingRight, walks.selected());
        for (int c = 0; c < standard.size(); c++) {
            if (walks.weights()[c] > 0) assertTrue(!String.join(" ", standard.clip(c).descriptions()).contains("curving"), standard.clip(c).id());
        }
        // Words that name a side are the matcher's business: nothing changes.
        ClipWeights all = PromptMatcher.forAction(library, "side_step");
        assertArrayEquals(all.weights(), PromptMatcher.oneSide(library, all, "side steps to the right", left).weights(), 0.0);
    }
}
