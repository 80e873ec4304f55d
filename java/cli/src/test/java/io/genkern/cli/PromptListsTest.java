package io.genkern.cli;

import io.genkern.io.CacheDirs;
import io.genkern.motion.generate.PromptMatcher;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.text.MiniLmTextEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The weak-match rule on prompt lists: the tuning lists (motion-eval's prompts, out-of-library
 * tuning prompts) that {@link PromptMatcher#WEAK_MATCH} was chosen on, and held-out lists that were
 * never read while choosing it (the CLI's resources, /prompts, which motion-eval also reads). Every
 * similarity is printed.
 */
class PromptListsTest {
    private static PromptMatcher matcher;

    @BeforeAll
    static void setUp() {
        matcher = new PromptMatcher(MotionLibrary.standard(0), new MiniLmTextEncoder(), CacheDirs.genkern());
    }

    private static PromptMatcher.Match match(String list, String prompt) {
        PromptMatcher.Match m = matcher.match(prompt);
        System.out.printf("%-28s %.3f %-14s %s%n", list, m.bestSimilarity(), m.bestAction(), prompt);
        return m;
    }

    @Test
    void whatTheLibraryCanDoIsNotWarnedAbout() {
        for (String[] p : MotionEvalCommand.PROMPTS) {
            if (p.length == 2) assertFalse(match("tuning, in library", p[0]).weak(), p[0]);
        }
        int actionRight = 0;
        List<String[]> heldOut = MotionEvalCommand.promptList("in-library-held-out.txt");
        for (String[] pa : heldOut) {
            PromptMatcher.Match m = match("held out, in library", pa[0]);
            assertFalse(m.weak(), "no warning for a paraphrase of a library action: " + pa[0]);
            if (m.bestAction().equals(pa[1])) actionRight++;
        }
        System.out.println("held out, in library: best action right for " + actionRight + " of " + heldOut.size());
    }

    @Test
    void whatTheLibraryCannotDoIsWarnedAbout() {
        for (String[] p : MotionEvalCommand.promptList("out-of-library-tuning.txt")) assertTrue(match("tuning, out of library", p[0]).weak(), p[0]);
        List<String[]> heldOut = MotionEvalCommand.promptList("out-of-library-held-out.txt");
        int warned = 0;
        for (String[] p : heldOut) if (match("held out, out of library", p[0]).weak()) warned++;
        System.out.println("held out, out of library: warned on " + warned + " of " + heldOut.size());
        assertTrue(warned >= heldOut.size() * 3 / 4, "warned on " + warned + " of " + heldOut.size() + " held-out prompts");
    }
}
