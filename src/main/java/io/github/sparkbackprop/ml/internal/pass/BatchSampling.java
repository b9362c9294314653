package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.Dropout;
import io.github.sparkbackprop.nn.RowPermutation;
import java.io.Serializable;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which training rows of a partition belong to a mini-batch, and, with dropout, which hidden
 * units each of them drops ({@link Dropout}, keyed by the row's global index and the step).
 *
 * <p>Each epoch shuffles all training rows with a seeded {@link RowPermutation} of their global
 * indices; step {@code s} takes the rows at shuffled positions {@code [s * batchSize, (s + 1) *
 * batchSize)}. Every epoch therefore visits every row once, every batch has exactly
 * {@code batchSize} rows (the last one possibly fewer), and a seeded run repeats exactly. A
 * partition sorts its rows by position once per epoch; the order is cached on the executor, so
 * later steps of the epoch only binary-search it.
 */
public final class BatchSampling implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Per-epoch row orders of the partitions this executor has seen, by run and partition. Soft
   * references let the garbage collector reclaim them under memory pressure (they are rebuilt on
   * demand) and after the run, when nothing asks for them again.
   */
  private static final Map<String, SoftReference<EpochOrder>> ORDERS =
      new ConcurrentHashMap<>();

  private final String id;
  private final long seed;
  private final long numRows;
  private final int batchSize;
  private final long[] partitionOffsets;
  /** The hidden units each row of a batch drops, or {@code null}. */
  private final Dropout dropout;

  /**
   * @param id a name unique to this training run (keys the executor-side cache)
   * @param seed the shuffling seed
   * @param numRows number of training rows
   * @param batchSize rows per step
   * @param partitionOffsets global index of each partition's first training row
   */
  public BatchSampling(String id, long seed, long numRows, int batchSize, long[] partitionOffsets) {
    this(id, seed, numRows, batchSize, partitionOffsets, null);
  }

  /**
   * As {@link #BatchSampling(String, long, long, int, long[])}, each batch's rows also dropping
   * hidden units as {@code dropout} says (keyed by the row's global index and the step, so the
   * masks, like the batches, are a function of the seed, the epoch and the step).
   *
   * @param dropout the dropout of the fit; {@code null} or a rate of 0 for none
   */
  public BatchSampling(String id, long seed, long numRows, int batchSize, long[] partitionOffsets,
      Dropout dropout) {
    this.dropout = dropout != null && dropout.isActive() ? dropout : null;
    this.id = id;
    this.seed = seed;
    this.numRows = numRows;
    this.batchSize = batchSize;
    this.partitionOffsets = partitionOffsets.clone();
  }

  /** Steps per epoch: {@code ceil(numRows / batchSize)}. */
  public int stepsPerEpoch() {
    return (int) ((numRows + batchSize - 1) / batchSize);
  }

  /**
   * The local training-row indices (0-based over the partition's training rows, in block order)
   * of the rows in batch {@code step} of {@code epoch}, in shuffled order.
   */
  int[] rowsOf(int partition, int epoch, int step) {
    EpochOrder order = order(partition, epoch);
    long from = (long) step * batchSize;
    long to = Math.min(numRows, from + batchSize);
    int lo = lowerBound(order.positions, from);
    int hi = lowerBound(order.positions, to);
    return Arrays.copyOfRange(order.rows, lo, hi);
  }

  /** The dropout of each batch's rows, or {@code null}. */
  Dropout dropout() {
    return dropout;
  }

  /** The global index of partition {@code partition}'s first training row. */
  long firstRowOf(int partition) {
    return partitionOffsets[partition];
  }

  /** Forgets the cached orders of this run (driver side; executors drop them on reuse). */
  public static void forget(String id) {
    ORDERS.keySet().removeIf(k -> k.startsWith(id + "/"));
  }

  private EpochOrder order(int partition, int epoch) {
    String key = id + "/" + partition;
    SoftReference<EpochOrder> ref = ORDERS.get(key);
    EpochOrder cached = ref == null ? null : ref.get();
    if (cached != null && cached.epoch == epoch) {
      return cached;
    }
    EpochOrder fresh = build(partition, epoch);
    // replaces the previous epoch's order of this partition
    ORDERS.put(key, new SoftReference<>(fresh));
    return fresh;
  }

  private EpochOrder build(int partition, int epoch) {
    long first = partitionOffsets[partition];
    int n = (int) (partitionOffsets[partition + 1] - first);
    // A different permutation every epoch, all derived from the one seed.
    RowPermutation permutation = new RowPermutation(numRows, seed * 1_000_003L + epoch);
    int shift = 64 - Long.numberOfLeadingZeros(Math.max(1, n));
    if (shift + 64 - Long.numberOfLeadingZeros(numRows) > 63) {
      return buildBySortingIndices(permutation, first, n, epoch);
    }
    long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      // position in the high bits, local row in the low bits: sorting sorts by position
      keyed[i] = (permutation.apply(first + i) << shift) | i;
    }
    Arrays.sort(keyed);
    long[] positions = new long[n];
    int[] rows = new int[n];
    long mask = (1L << shift) - 1;
    for (int i = 0; i < n; i++) {
      positions[i] = keyed[i] >>> shift;
      rows[i] = (int) (keyed[i] & mask);
    }
    return new EpochOrder(epoch, positions, rows);
  }

  /** The general form of {@link #build}, for row counts too large to pack into one long. */
  private static EpochOrder buildBySortingIndices(
      RowPermutation permutation, long first, int n, int epoch) {
    long[] byRow = new long[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      byRow[i] = permutation.apply(first + i);
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> byRow[i]));
    long[] positions = new long[n];
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = order[i];
      positions[i] = byRow[order[i]];
    }
    return new EpochOrder(epoch, positions, rows);
  }

  private static int lowerBound(long[] sorted, long value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A partition's training rows sorted by their shuffled position in one epoch. */
  private static final class EpochOrder {
    final int epoch;
    final long[] positions;
    final int[] rows;

    EpochOrder(int epoch, long[] positions, int[] rows) {
      this.epoch = epoch;
      this.positions = positions;
      this.rows = rows;
    }
  }
}
