package io.github.sparkbackprop.ml.internal.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** {@link HeldRows}: copies of reused rows stay intact across arena growth and blocks. */
class HeldRowsTest {

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType)
      .add("name", DataTypes.StringType)
      .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false));

  /** Row {@code i}: variable-length string and array, so rows differ in size. */
  private static InternalRow source(int i) {
    double[] values = new double[i % 300];
    for (int j = 0; j < values.length; j++) {
      values[j] = i * 1000.0 + j;
    }
    return new GenericInternalRow(new Object[] {
        (long) i, UTF8String.fromString("row-" + i), new GenericArrayData(values)});
  }

  @Test
  void heldCopiesOfAReusedRowSurviveArenaGrowthAndMatchTheSource() {
    // An UnsafeProjection returns the same UnsafeRow object for every input, as scans do.
    UnsafeProjection reusing = UnsafeProjection.create(SCHEMA);
    HeldRows held = new HeldRows(SCHEMA.size());
    for (int block = 0; block < 3; block++) {
      held.clear();
      List<UnsafeRow> expected = new ArrayList<>();
      // 200 rows of up to 2.4 KB: far beyond the initial 64 KB arena, so it grows mid-block
      for (int i = block * 200; i < (block + 1) * 200; i++) {
        UnsafeRow row = reusing.apply(source(i));
        expected.add(row.copy());
        InternalRow copy = held.hold(row);
        assertNotSame(row, copy);
      }
      assertEquals(200, held.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), held.get(i), "block " + block + ", row " + i);
      }
    }
  }

  @Test
  void rowsOfOtherKindsAreCopied() {
    HeldRows held = new HeldRows(SCHEMA.size());
    GenericInternalRow row = (GenericInternalRow) source(7);
    InternalRow copy = held.hold(row);
    row.setLong(0, -1L);
    assertEquals(7L, copy.getLong(0));
    assertEquals(7L, held.get(0).getLong(0));
  }
}
