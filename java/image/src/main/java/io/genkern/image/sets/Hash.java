package io.genkern.image.sets;

/** Stateless 64-bit hashing (SplitMix64's finaliser): per-image seeds and per-lattice-point randomness that never depend on evaluation order. */
final class Hash {
    private Hash() {}

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long of(long a, long b) {
        return mix(mix(a + 0x9e3779b97f4a7c15L) ^ b);
    }

    static long of(long a, long b, long c) {
        return of(of(a, b), c);
    }

    /** A double in [0, 1) from a hash. */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }
}
