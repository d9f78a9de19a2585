package io.smolforge.dataset;

/**
 * Seeded pseudo-random numbers addressed by (purpose, source, row, copy) instead of drawn in sequence, so that
 * sampling, the test split and the shuffle need no state per row and give the same result on every run.
 * SplitMix64's finaliser mixes the parts.
 */
final class RowKeys {
    static final long SAMPLE = 0x5341_4d50_4c45L;
    static final long SPLIT = 0x5350_4c49_54L;
    static final long SHUFFLE = 0x5348_5546_464cL;

    private final long seed;

    RowKeys(long seed) {
        this.seed = seed;
    }

    long key(long purpose, int source, long row, int copy) {
        long h = mix(seed ^ mix(purpose));
        h = mix(h ^ source);
        h = mix(h + row);
        return mix(h + copy);
    }

    /** The key as a uniform number in [0, 1). */
    static double unit(long key) {
        return (key >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
