package io.github.sparkbackprop.ml.internal.line;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.ObjectType;

/**
 * The whole input row as one object: the deserializer of the {@code DeserializeToObject} step
 * in a model's scoring plan, which would otherwise need an expression copying every column into
 * one struct (one more copy of every row, which showed in {@code transform}'s throughput). Its
 * children are all the input's columns, so that Spark keeps them all (and knows what the step
 * reads); once they are bound to the row's own positions, 0 to n-1 in order, the value is the
 * input row itself, with nothing copied. Spark evaluates it on each row of the child's output
 * ({@code DeserializeToObjectExec} projects its result into a one-column row); in any other
 * layout it gathers the children's values into a new row. Not API.
 *
 * <p>Each Spark line subclasses it ({@code InputRow} in its source folder) only to rebuild it
 * with new children, whose Scala collection type differs between Scala 2.12 and 2.13. Public
 * with a public constructor because Catalyst copies expressions by reflection.
 */
public abstract class InputRowExpression extends Expression implements CodegenFallback,
    java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** Indexed: {@link #eval} reads them by position for every row. */
  private final scala.collection.immutable.IndexedSeq<Expression> columns;
  /** Whether the columns are bound to positions 0..n-1 in order: the row is then the value. */
  private final boolean rowAsItIs;

  /** @param columns the input's columns, in order */
  protected InputRowExpression(scala.collection.Seq<Expression> columns) {
    this.columns = columns.toIndexedSeq();
    boolean inOrder = true;
    for (int i = 0; i < this.columns.size(); i++) {
      Expression column = this.columns.apply(i);
      inOrder &= column instanceof BoundReference && ((BoundReference) column).ordinal() == i;
    }
    this.rowAsItIs = inOrder;
  }

  @Override
  public scala.collection.immutable.Seq<Expression> children() {
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
    return other instanceof InputRowExpression;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InputRowExpression
        && columns.equals(((InputRowExpression) other).columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }
}
