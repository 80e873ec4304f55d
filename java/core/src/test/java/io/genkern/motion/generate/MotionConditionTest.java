package io.genkern.motion.generate;

import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Handshake blending between parts: the weights and the short-part rule. */
class MotionConditionTest {
    private final Random random = TestSeeds.random();
    private static final ClipWeights ANY = ClipWeights.uniform(3);

    private static MotionCondition of(int handshake, int... lengths) {
        List<MotionCondition.Span> spans = new java.util.ArrayList<>();
        int at = 0;
        for (int n : lengths) {
            spans.add(new MotionCondition.Span(at, at + n, ANY));
            at += n;
        }
        return new MotionCondition(spans, handshake);
    }

    @Test
    void weightsRampAcrossEachBoundaryAndSumToOne() {
        int handshake = 2 + random.nextInt(12);
        MotionCondition c = of(handshake, 20 + random.nextInt(60), 8 + random.nextInt(60), 20 + random.nextInt(60));
        for (int t = 0; t < c.frames(); t++) {
            double sum = 0;
            for (int s = 0; s < c.spans().size(); s++) {
                double w = c.weight(s, t);
                assertTrue(w >= 0 && w <= 1, "weight " + w);
                if (w > 0) assertTrue(t >= c.first(s) && t < c.last(s), "span " + s + " weighs frame " + t + " outside its range");
                sum += w;
            }
            assertEquals(1, sum, 1e-9, "frame " + t + " of " + c);
        }
    }

    @Test
    void aShortPartBlendsOverAtMostAQuarterOfItsLengthAtEachEnd() {
        int shortPart = 8 + random.nextInt(30);
        MotionCondition c = of(10, 60, shortPart, 60);
        int expected = Math.min(10, shortPart / 4);
        assertEquals(expected, c.handshake(1));
        assertEquals(expected, c.handshake(2));
        // Its middle is its own: nothing of the neighbours reaches it.
        int middle = 60 + shortPart / 2;
        assertEquals(1, c.weight(1, middle), 0, "a " + shortPart + "-frame part's middle frame");
        assertEquals(10, of(10, 60, 60).handshake(1), "long parts blend over the full handshake");
        assertThrows(io.genkern.GenkernException.class, () -> c.handshake(0));
    }
}
