package io.github.sparkbackprop.ml;

import java.util.ArrayList;
import java.util.List;
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
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.plans.logical.DeserializeToObject;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.MapPartitions;
import org.apache.spark.sql.catalyst.plans.logical.SerializeFromObject;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.ObjectType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import scala.Function1;
import scala.Option;
import scala.collection.Iterator;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one place that touches Spark internals (XGBoost4J-Spark's habit: a single bridge file, so
 * an upgrade of Spark, or a port to another line, has one file to check). Checked against Spark
 * 4.0.1.
 *
 * <p>Scoring works on Catalyst's {@link InternalRow}s instead of external {@link Row}s: a
 * model's {@code transform} then reads only the features column and copies the other columns as
 * bytes, instead of decoding every column of every row into Java objects and encoding them
 * again, which cost more than the network itself.
 */
final class SparkInternals {

  private SparkInternals() {}

  /**
   * A DataFrame of {@code outputSchema} holding what {@code function} makes of each partition of
   * {@code input}'s Catalyst rows, built as an ordinary logical plan over the input's plan (no
   * RDD in between), so that it stays lazy, shows in {@code explain()}, and runs on a
   * Structured Streaming DataFrame as well as on a batch one.
   *
   * <p>The plan is the one {@code Dataset.mapPartitions} builds, with Catalyst rows standing in
   * for its objects: {@code DeserializeToObject} hands each input row on as it is (see
   * {@link InputRow}), {@code MapPartitions} runs the function over those rows, and
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
  static Dataset<Row> mapPartitionsInPlan(Dataset<?> input,
      Function1<Iterator<InternalRow>, Iterator<InternalRow>> function,
      StructType outputSchema) {
    org.apache.spark.sql.classic.Dataset<?> dataset = classic(input);
    LogicalPlan child = dataset.logicalPlan();

    @SuppressWarnings({"unchecked", "rawtypes"})
    Seq<Expression> columns = (Seq) child.output();
    Attribute inputRow = DataTypeUtils.toAttribute(new StructField(
        "inputRow", new ObjectType(InternalRow.class), false, Metadata.empty()));
    DeserializeToObject rows = new DeserializeToObject(new InputRow(columns), inputRow, child);

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
    SerializeFromObject serialized = new SerializeFromObject(seq(unpacked), mapped);
    return org.apache.spark.sql.classic.Dataset.ofRows(dataset.sparkSession(), serialized);
  }

  /**
   * The whole input row as one object: the deserializer of {@link #mapPartitionsInPlan}'s
   * {@code DeserializeToObject}, which would otherwise need an expression copying every column
   * into one struct (one more copy of every row, which showed in {@code transform}'s throughput).
   * Its children are all the input's columns, so that Spark keeps them all (and knows what the
   * step reads); once they are bound to the row's own positions, 0 to n-1 in order, the value
   * is the input row itself, with nothing copied. Spark evaluates it on each row of the child's
   * output ({@code DeserializeToObjectExec} projects its result into a one-column row); in any
   * other layout it gathers the children's values into a new row.
   *
   * <p>Public with a public constructor because Catalyst copies expressions by reflection.
   */
  public static final class InputRow extends Expression implements CodegenFallback,
      java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final Seq<Expression> columns;
    /** Whether the columns are bound to positions 0..n-1 in order: the row is then the value. */
    private final boolean rowAsItIs;

    /** @param columns the input's columns, in order */
    public InputRow(Seq<Expression> columns) {
      this.columns = columns;
      boolean inOrder = true;
      for (int i = 0; i < columns.size(); i++) {
        Expression column = columns.apply(i);
        inOrder &= column instanceof BoundReference && ((BoundReference) column).ordinal() == i;
      }
      this.rowAsItIs = inOrder;
    }

    @Override
    public Seq<Expression> children() {
      return columns;
    }

    @Override
    public boolean nullable() {
      return false;
    }

    @Override
    public DataType dataType() {
      return new ObjectType(InternalRow.class);
    }

    @Override
    public Object eval(InternalRow input) {
      if (rowAsItIs && input.numFields() == columns.size()) {
        return input;
      }
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = columns.apply(i).eval(input);
      }
      return new GenericInternalRow(values);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
      return CodegenFallback.super.doGenCode(ctx, ev);
    }

    @Override
    public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
      return new InputRow(newChildren.toSeq());
    }

    @Override
    public String prettyName() {
      return "input_row";
    }

    @Override
    public int productArity() {
      return 1;
    }

    @Override
    public Object productElement(int n) {
      if (n != 0) {
        throw new IndexOutOfBoundsException(n);
      }
      return columns;
    }

    @Override
    public boolean canEqual(Object other) {
      return other instanceof InputRow;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof InputRow && columns.equals(((InputRow) other).columns);
    }

    @Override
    public int hashCode() {
      return columns.hashCode();
    }
  }

  /**
   * The Catalyst form of a dense ML vector holding {@code values[offset..offset+length)}, as
   * {@code VectorUDT.serialize} gives for it, without making the vector first: VectorUDT's struct
   * (type 1 = dense, no size, no indices, the values).
   */
  static InternalRow denseVector(double[] values, int offset, int length) {
    Object[] fields = new Object[4];
    fields[0] = (byte) 1;
    fields[3] = UnsafeArrayData.fromPrimitiveArray(
        values, Platform.DOUBLE_ARRAY_OFFSET + 8 * offset, length, Double.BYTES);
    return new GenericInternalRow(fields);
  }

  private static NamedExpression alias(Expression value, String name, Metadata metadata) {
    return new Alias(value, name, org.apache.spark.sql.catalyst.expressions.NamedExpression
        .newExprId(), seq(List.of()), Option.apply(metadata), seq(List.of()));
  }

  private static <T> Seq<T> seq(List<T> values) {
    return CollectionConverters.asScala(values).toSeq();
  }

  private static org.apache.spark.sql.classic.Dataset<?> classic(Dataset<?> dataset) {
    if (!(dataset instanceof org.apache.spark.sql.classic.Dataset)) {
      throw new UnsupportedOperationException("spark-backprop scores classic Datasets; got "
          + dataset.getClass().getName());
    }
    return (org.apache.spark.sql.classic.Dataset<?>) dataset;
  }
}
