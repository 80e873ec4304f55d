package io.genkern.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The seed of every randomised test (as native/tests/check.h does for C++): one per test run,
 * fresh, or GENKERN_TEST_SEED when set, and reported with any failure ("replay ... with
 * GENKERN_TEST_SEED=..."), so every failure can be run again with the same inputs. Registered for
 * all tests by service loading (src/test/resources); tests draw with {@link #random()} or
 * {@link #seed()}, never a bare {@code new Random()}.
 */
public final class TestSeeds implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final String ENV = "GENKERN_TEST_SEED";
    private static final long SEED = initialSeed();

    /** This run's seed. */
    public static long seed() {
        return SEED;
    }

    /** A generator started from this run's seed. */
    public static Random random() {
        return new Random(SEED);
    }

    private static long initialSeed() {
        String fixed = System.getenv(ENV);
        long seed = fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : new SplittableRandom().nextLong();
        System.out.println(ENV + "=" + seed);
        return seed;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withReplay(context, t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withReplay(context, t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withReplay(context, t);
    }

    private static Throwable withReplay(ExtensionContext context, Throwable t) {
        if (t instanceof org.opentest4j.TestAbortedException) return t; // a skipped test, not a failure
        t.addSuppressed(new Throwable("replay " + context.getDisplayName() + " with " + ENV + "=" + SEED));
        return t;
    }
}
