package io.github.sparkbackprop.ml.internal.line;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * The input rows of one block, kept valid until the block is scored and its rows are written
 * out.
 *
 * <p>A partition's row iterator may reuse its row object, so every row must be copied before the
 * next is read. {@link InternalRow#copy()} would allocate a new byte array per row (a 784-feature
 * image is 6 KB, and the allocation showed up as the largest Java-side cost of
 * {@code transform}); Catalyst's own rows ({@link UnsafeRow}) are instead copied into one arena
 * that is reused from block to block, and held by row objects that are reused too. Other row
 * kinds fall back to {@code copy()}.
 */
public final class HeldRows {

  private final int numFields;
  private final List<InternalRow> rows = new ArrayList<>();
  private final List<UnsafeRow> pool = new ArrayList<>();
  private byte[] arena = new byte[1 << 16];
  private int used;
  private int pooled;

  /** @param numFields columns of the input rows */
  public HeldRows(int numFields) {
    this.numFields = numFields;
  }

  /** Forgets the previous block; the arena and row objects are reused. */
  public void clear() {
    rows.clear();
    used = 0;
    pooled = 0;
  }

  /** Keeps a copy of {@code row}; returns the copy, valid until the next {@link #clear()}. */
  public InternalRow hold(InternalRow row) {
    InternalRow held;
    if (row instanceof UnsafeRow) {
      UnsafeRow source = (UnsafeRow) row;
      int size = source.getSizeInBytes();
      ensureRoom(size);
      source.writeToMemory(arena, Platform.BYTE_ARRAY_OFFSET + used);
      UnsafeRow copy = nextPooledRow();
      copy.pointTo(arena, Platform.BYTE_ARRAY_OFFSET + used, size);
      used += size;
      held = copy;
    } else {
      held = row.copy();
    }
    rows.add(held);
    return held;
  }

  /** Rows held since the last {@link #clear()}. */
  public int size() {
    return rows.size();
  }

  /** The {@code i}-th held row. */
  public InternalRow get(int i) {
    return rows.get(i);
  }

  private UnsafeRow nextPooledRow() {
    if (pooled == pool.size()) {
      pool.add(new UnsafeRow(numFields));
    }
    return pool.get(pooled++);
  }

  private void ensureRoom(int size) {
    if ((long) used + size <= arena.length) {
      return;
    }
    long wanted = Math.max((long) used + size, 2L * arena.length);
    byte[] grown = new byte[(int) Math.min(wanted, Integer.MAX_VALUE - 8L)];
    if ((long) used + size > grown.length) {
      throw new IllegalStateException("A block of rows exceeds 2 GB; lower blockSize");
    }
    System.arraycopy(arena, 0, grown, 0, used);
    arena = grown;
    // rows already held point into the old arena: move them to the new one, same offsets
    for (int i = 0; i < pooled; i++) {
      UnsafeRow held = pool.get(i);
      held.pointTo(grown, held.getBaseOffset(), held.getSizeInBytes());
    }
  }
}
