package io.github.sparkbackprop.ml.internal.line;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.plans.logical.DeserializeToObject;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.MapPartitions;
import org.apache.spark.sql.catalyst.plans.logical.SerializeFromObject;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.ObjectType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import scala.Function1;
import scala.Option;
import scala.collection.Iterator;

/**
 * The one place that touches Spark internals (XGBoost4J-Spark's habit: a single bridge file, so
 * an upgrade of Spark, or a port to another line, has one file to check). Checked against Spark
 * 3.5.9, 4.0.1, 4.1.0 and 4.2.0; what differs between those lines is behind {@link SparkLine},
 * one implementation per line.
 *
 * <p>Scoring works on Catalyst's {@link InternalRow}s instead of external {@link Row}s: a
 * model's {@code transform} then reads only the features column and copies the other columns as
 * bytes, instead of decoding every column of every row into Java objects and encoding them
 * again, which cost more than the network itself.
 */
public final class SparkInternals {

  /** What differs between Spark lines (3.5 and 4.x): one implementation per line's build. */
  public static final SparkLine LINE = SparkLine.current();

  private SparkInternals() {}

  /**
   * A DataFrame of {@code outputSchema} holding what {@code function} makes of each partition of
   * {@code input}'s Catalyst rows, built as an ordinary logical plan over the input's plan (no
   * RDD in between), so that it stays lazy, shows in {@code explain()}, and runs on a
   * Structured Streaming DataFrame as well as on a batch one.
   *
   * <p>The plan is the one {@code Dataset.mapPartitions} builds, with Catalyst rows standing in
   * for its objects: {@code DeserializeToObject} hands each input row on as it is (see
   * {@link InputRowExpression}), {@code MapPartitions} runs the function over those rows, and
   * {@code SerializeFromObject} unpacks the row each output is into the output columns, with
   * {@code outputSchema}'s names, nullability and metadata. Spark plans these nodes for batch
   * and streaming queries alike (even continuous ones).
   *
   * <p>The function sees rows of {@code input.schema()}'s columns, in order, which the source
   * may reuse (copy what must outlive the next row), and must return rows of
   * {@code outputSchema}'s columns. It may reuse its output row objects too:
   * {@code SerializeFromObject} is planned directly above {@code MapPartitions} and copies each
   * row into its own UnsafeRow before asking for the next.
   *
   * @param input the rows to map, batch or streaming, from a classic (not Connect) session
   * @param function maps an iterator over one partition's rows to the output rows; its
   *     {@code toString()} names it in {@code explain()}
   * @param outputSchema the schema of the rows {@code function} returns
   */
  public static Dataset<Row> mapPartitionsInPlan(Dataset<?> input,
      Function1<Iterator<InternalRow>, Iterator<InternalRow>> function,
      StructType outputSchema) {
    LogicalPlan child = LINE.logicalPlan(input);

    @SuppressWarnings({"unchecked", "rawtypes"})
    scala.collection.Seq<Expression> columns = (scala.collection.Seq) child.output();
    Attribute inputRow = DataTypeUtils.toAttribute(new StructField(
        "inputRow", new ObjectType(InternalRow.class), false, Metadata.empty()));
    DeserializeToObject rows = new DeserializeToObject(LINE.inputRow(columns), inputRow, child);

    // a struct, not an object type: Spark's EliminateSerialization would otherwise join a
    // second model's DeserializeToObject to this SerializeFromObject and hand it our row views
    Attribute outputRow = DataTypeUtils.toAttribute(
        new StructField("outputRow", outputSchema, false, Metadata.empty()));
    @SuppressWarnings("unchecked")
    Function1<Iterator<Object>, Iterator<Object>> overObjects =
        (Function1<Iterator<Object>, Iterator<Object>>) (Function1<?, ?>) function;
    MapPartitions mapped = new MapPartitions(overObjects, outputRow, rows);

    // The object column of MapPartitions' output rows is column 0 of what it hands on.
    BoundReference row = new BoundReference(0, outputSchema, false);
    List<NamedExpression> unpacked = new ArrayList<>();
    StructField[] fields = outputSchema.fields();
    for (int i = 0; i < fields.length; i++) {
      unpacked.add(alias(new GetStructField(row, i, Option.apply(fields[i].name())),
          fields[i].name(), fields[i].metadata()));
    }
    SerializeFromObject serialized = new SerializeFromObject(LINE.toScala(unpacked), mapped);
    return LINE.dataFrame(input, serialized);
  }

  /**
   * The Catalyst form of a dense ML vector holding {@code values[offset..offset+length)}, as
   * {@code VectorUDT.serialize} gives for it, without making the vector first: VectorUDT's struct
   * (type 1 = dense, no size, no indices, the values).
   */
  public static InternalRow denseVector(double[] values, int offset, int length) {
    Object[] fields = new Object[4];
    fields[0] = (byte) 1;
    fields[3] = UnsafeArrayData.fromPrimitiveArray(
        values, Platform.DOUBLE_ARRAY_OFFSET + 8 * offset, length, Double.BYTES);
    return new GenericInternalRow(fields);
  }

  /**
   * How many tasks the cluster can run at once now, by Spark's own count (the executors'
   * cores over {@code spark.task.cpus}, for the default resource profile): what a barrier stage
   * needs one of per partition.
   */
  public static int maxConcurrentTasks(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }

  /**
   * The Catalyst form of an {@code array<double>} holding {@code values[offset..offset+length)},
   * copied (the caller may reuse {@code values}).
   */
  public static ArrayData doubleArray(double[] values, int offset, int length) {
    return UnsafeArrayData.fromPrimitiveArray(
        values, Platform.DOUBLE_ARRAY_OFFSET + 8 * offset, length, Double.BYTES);
  }

  private static NamedExpression alias(Expression value, String name, Metadata metadata) {
    return new Alias(value, name, org.apache.spark.sql.catalyst.expressions.NamedExpression
        .newExprId(), LINE.toScala(List.of()), Option.apply(metadata), LINE.toScala(List.of()));
  }
}
