package io.github.sparkbackprop.ml.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RowBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stacking round-trips, without Spark: every input row, dense or sparse, comes out once, in a
 * block of its kind (training or validation), with its features (rounded once in float), label
 * and row weight.
 */
class RowBlockStackerTest {

  private static final int D = 6;

  @ParameterizedTest
  @EnumSource(Precision.class)
  void everyRowComesOutOnceWithItsValues(Precision precision) {
    Random random = new Random(2);
    List<Row> rows = new ArrayList<>();
    Map<Double, Row> byId = new HashMap<>();
    for (int i = 0; i < 23; i++) {
      double[] x = new double[D];
      x[0] = i; // the row's id
      for (int j = 1; j < D; j++) {
        x[j] = random.nextInt(3) == 0 ? 0 : random.nextGaussian() * 1e3;
      }
      Vector v = i % 3 == 0 ? Vectors.dense(x).toSparse() : Vectors.dense(x);
      Row row = RowFactory.create(v, (double) (i % 4), 0.5 + i, i % 5 == 0);
      rows.add(row);
      byId.put((double) i, row);
    }
    RowBlockStacker stacker = new RowBlockStacker(4, LabelKind.classes(-1), "features", "label",
        "weight", "validation", precision, Integer.MAX_VALUE, new int[] {8});
    Iterator<RowBlock> blocks = stacker.call(rows.iterator());
    int seen = 0;
    double[] x = new double[D];
    while (blocks.hasNext()) {
      RowBlock block = blocks.next();
      assertTrue(block.numRows() >= 1 && block.numRows() <= 4, "rows " + block.numRows());
      assertEquals(precision, block.features().precision());
      for (int r = 0; r < block.numRows(); r++) {
        block.features().getRow(r, x, 0);
        Row input = byId.remove(x[0]);
        double[] expected = ((Vector) input.get(0)).toArray();
        for (int j = 0; j < D; j++) {
          double want = precision == Precision.FLOAT ? (float) expected[j] : expected[j];
          assertEquals(want, x[j], 0.0, "row " + x[0] + " feature " + j);
        }
        assertEquals(input.getDouble(1), block.labels()[r], 0.0);
        assertEquals(input.getDouble(2), block.rowWeights()[r], 0.0);
        assertEquals(input.getBoolean(3), block.isValidation());
        seen++;
      }
    }
    assertEquals(23, seen);
    assertTrue(byId.isEmpty(), "rows never stacked: " + byId.keySet());
  }
}
