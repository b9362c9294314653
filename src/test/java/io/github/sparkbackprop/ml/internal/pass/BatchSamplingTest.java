package io.github.sparkbackprop.ml.internal.pass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which rows make each mini-batch, without Spark: every row once per epoch, seeded. */
class BatchSamplingTest {

  /** Four partitions of 37, 0, 83 and 130 training rows. */
  private static final long[] OFFSETS = {0, 37, 37, 120, 250};
  private final List<String> ids = new ArrayList<>();

  private BatchSampling sampling(String id, long seed, int batchSize) {
    ids.add(id);
    return new BatchSampling(id, seed, 250, batchSize, OFFSETS);
  }

  @AfterEach
  void forget() {
    ids.forEach(BatchSampling::forget);
  }

  @Test
  void everyRowAppearsExactlyOncePerEpochInBatchesOfBatchSize() {
    BatchSampling sampling = sampling("once-per-epoch", 7, 16);
    assertEquals(16, sampling.stepsPerEpoch(), "ceil(250 / 16)");
    for (int epoch = 1; epoch <= 3; epoch++) {
      int[][] seen = new int[OFFSETS.length - 1][];
      for (int p = 0; p < seen.length; p++) {
        seen[p] = new int[(int) (OFFSETS[p + 1] - OFFSETS[p])];
      }
      for (int step = 0; step < sampling.stepsPerEpoch(); step++) {
        int batch = 0;
        for (int p = 0; p < seen.length; p++) {
          for (int row : sampling.rowsOf(p, epoch, step)) {
            seen[p][row]++;
            batch++;
          }
        }
        assertEquals(step < 15 ? 16 : 250 - 15 * 16, batch, "epoch " + epoch + " step " + step);
      }
      for (int p = 0; p < seen.length; p++) {
        for (int row = 0; row < seen[p].length; row++) {
          assertEquals(1, seen[p][row], "partition " + p + " row " + row + " epoch " + epoch);
        }
      }
    }
  }

  @Test
  void theSameSeedDrawsTheSameBatchesAndEachEpochAnotherOrder() {
    BatchSampling a = sampling("seeded-a", 7, 16);
    BatchSampling b = sampling("seeded-b", 7, 16);
    BatchSampling other = sampling("seeded-c", 8, 16);
    boolean epochsDiffer = false;
    boolean seedsDiffer = false;
    for (int step = 0; step < 16; step++) {
      for (int p = 0; p < OFFSETS.length - 1; p++) {
        int[] rows = a.rowsOf(p, 1, step);
        assertArrayEquals(rows, b.rowsOf(p, 1, step), "step " + step + " partition " + p);
        epochsDiffer |= !java.util.Arrays.equals(rows, a.rowsOf(p, 2, step));
        seedsDiffer |= !java.util.Arrays.equals(rows, other.rowsOf(p, 1, step));
      }
    }
    assertTrue(epochsDiffer, "epoch 2 shuffles again");
    assertTrue(seedsDiffer, "another seed, other batches");
  }

  @Test
  void aBatchOfAllRowsIsOneStep() {
    BatchSampling all = sampling("all-rows", 7, 1000);
    assertEquals(1, all.stepsPerEpoch());
    int rows = 0;
    for (int p = 0; p < OFFSETS.length - 1; p++) {
      rows += all.rowsOf(p, 1, 0).length;
    }
    assertEquals(250, rows);
    assertEquals(0, all.rowsOf(1, 1, 0).length, "the empty partition contributes nothing");
  }
}
