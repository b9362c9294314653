package io.github.sparkbackprop.nn;

/**
 * A seeded pseudo-random permutation of {@code [0, n)} that maps any single index in constant
 * time, without materialising the permutation.
 *
 * <p>It is a balanced Feistel network over the smallest even-bit power of two that holds
 * {@code n}, with "cycle walking" to stay inside {@code [0, n)} (Black and Rogaway, "Ciphers with
 * Arbitrary Finite Domains", CT-RSA 2002). Mini-batch sampling uses it to shuffle rows that live
 * in many partitions: each partition maps its own rows' global indices to positions in one
 * global shuffle, so every epoch visits every row exactly once and each step sees exactly
 * {@code batchSize} rows drawn from the whole dataset, with no data movement.
 */
public final class RowPermutation {

  private static final int ROUNDS = 6;

  private final long n;
  private final int halfBits;
  private final long halfMask;
  private final long[] roundKeys = new long[ROUNDS];

  /**
   * @param n size of the domain, at least 1
   * @param seed the permutation's seed
   */
  public RowPermutation(long n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1 but was " + n);
    }
    this.n = n;
    int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
    bits = Math.max(2, bits + (bits & 1));
    this.halfBits = bits / 2;
    this.halfMask = (1L << halfBits) - 1;
    long s = seed;
    for (int r = 0; r < ROUNDS; r++) {
      s = mix(s + 0x9E3779B97F4A7C15L);
      roundKeys[r] = s;
    }
  }

  /** The position of {@code index} in the permutation; a bijection of {@code [0, n)}. */
  public long apply(long index) {
    if (index < 0 || index >= n) {
      throw new IndexOutOfBoundsException("index " + index + " outside [0, " + n + ")");
    }
    long y = index;
    do {
      y = encrypt(y);
    } while (y >= n); // at most a few rounds: the domain is under 4n
    return y;
  }

  private long encrypt(long value) {
    long left = value >>> halfBits;
    long right = value & halfMask;
    for (int r = 0; r < ROUNDS; r++) {
      long next = left ^ (mix(right ^ roundKeys[r]) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  /** SplitMix64's finaliser: a strong 64-bit mixing function. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
