package io.genkern.motion.generate;

import io.genkern.GenkernException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PromptPlanTest {
    @Test
    void thenSplitsTheTotalEqually() {
        List<PromptPlan.Part> parts = PromptPlan.parse("a person walks forward, then waves with the right hand", 6.0, 20);
        assertEquals(2, parts.size());
        assertEquals("a person walks forward", parts.get(0).text());
        assertEquals("waves with the right hand", parts.get(1).text());
        assertEquals(60, parts.get(0).frames());
        assertEquals(60, parts.get(1).frames());
    }

    @Test
    void explicitDurationsAreExact() {
        List<PromptPlan.Part> parts = PromptPlan.parse("walk 3 s; jump for 1.5 seconds; wave 2s", null, 20);
        assertEquals(List.of(60, 30, 40), parts.stream().map(PromptPlan.Part::frames).toList());
        assertEquals("a person walk", parts.get(0).text());
        List<PromptPlan.Part> mixed = PromptPlan.parse("walk 2 s; then clap", 5.0, 20);
        assertEquals(List.of(40, 60), mixed.stream().map(PromptPlan.Part::frames).toList());
    }

    @Test
    void badPlansAreRefusedWithReasons() {
        assertEquals("the prompt is empty", assertThrows(GenkernException.class, () -> PromptPlan.parse(" ", 6.0, 20)).getMessage());
        assertTrue(assertThrows(GenkernException.class, () -> PromptPlan.parse("walk 5 s; run", 4.0, 20)).getMessage()
                .contains("leaving nothing for the 1 part(s) without one"));
        assertEquals("seconds must be in (0, 60.0], got -1.0",
                assertThrows(GenkernException.class, () -> PromptPlan.parse("walk", -1.0, 20)).getMessage());
    }

    @Test
    void theWholeMotionIsCappedNotEachPart() {
        assertTrue(assertThrows(GenkernException.class, () -> PromptPlan.parse("walk 100 s", null, 20)).getMessage()
                .contains("asks for 100.0 s of motion; at most 60.0 s"));
        assertTrue(assertThrows(GenkernException.class, () -> PromptPlan.parse("walk 50 s; run 30 s", null, 20)).getMessage()
                .contains("asks for 80.0 s"));
        assertTrue(assertThrows(GenkernException.class, () -> PromptPlan.parse("walk 300000000 s", null, 20)).getMessage()
                .contains("at most 60.0 s"), "no int overflow");
        assertTrue(assertThrows(GenkernException.class, () -> PromptPlan.parse("walk 58 s; run", null, 20)).getMessage()
                .contains("asks for 61.0 s"), "a part without a duration counts too");
        assertEquals(List.of(800, 60), PromptPlan.parse("walk 40 s; run", null, 20).stream().map(PromptPlan.Part::frames).toList());
        assertEquals(List.of(1200), PromptPlan.parse("walk 60 s", null, 20).stream().map(PromptPlan.Part::frames).toList());
    }

    @Test
    void durationsThatDisagreeWithTheTotalAreRefused() {
        assertTrue(assertThrows(GenkernException.class, () -> PromptPlan.parse("walk 3 s; jump 1 s", 6.0, 20)).getMessage()
                .contains("the parts' durations add up to 4.0 s but 6.0 s were asked for"));
        assertEquals(List.of(60, 20), PromptPlan.parse("walk 3 s; jump 1 s", 4.0, 20).stream().map(PromptPlan.Part::frames).toList());
    }
}
