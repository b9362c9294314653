package io.github.sparkbackprop.ml.internal.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deserializer of {@link SparkInternals#mapPartitionsInPlan} hands on the input row itself
 * when its columns are bound in order (no copy), and a row of the right values otherwise.
 */
@Tag("line")
class InputRowTest {

  private static final InternalRow ROW = new GenericInternalRow(new Object[] {1.5, 7L, 2.5});

  @Test
  void columnsBoundInOrderGiveTheRowItself() {
    Expression inOrder = SparkInternals.LINE.inputRow(SparkInternals.LINE.toScala(
        List.<Expression>of(new BoundReference(0, DataTypes.DoubleType, false),
            new BoundReference(1, DataTypes.LongType, false),
            new BoundReference(2, DataTypes.DoubleType, false))));
    assertSame(ROW, inOrder.eval(ROW));
  }

  @Test
  void columnsInAnotherLayoutGiveANewRowOfTheirValues() {
    Expression swapped = SparkInternals.LINE.inputRow(SparkInternals.LINE.toScala(
        List.<Expression>of(new BoundReference(2, DataTypes.DoubleType, false),
            new BoundReference(1, DataTypes.LongType, false))));
    InternalRow row = (InternalRow) swapped.eval(ROW);
    assertNotSame(ROW, row);
    assertEquals(2, row.numFields());
    assertEquals(2.5, row.getDouble(0));
    assertEquals(7L, row.getLong(1));
  }

  @Test
  void catalystCanCopyItByReflection() {
    Expression original = SparkInternals.LINE.inputRow(SparkInternals.LINE.toScala(
        List.<Expression>of(new BoundReference(0, DataTypes.DoubleType, false))));
    // TreeNode.clone() goes through makeCopy, which finds a public constructor by reflection
    Expression copy = original.clone();
    assertNotSame(original, copy);
    assertEquals(original, copy);
    assertEquals(1, ((InternalRow) copy.eval(ROW)).numFields(),
        "one column bound out of three: a new row of that column");
  }
}
