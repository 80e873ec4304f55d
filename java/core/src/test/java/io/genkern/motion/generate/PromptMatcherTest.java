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
}
