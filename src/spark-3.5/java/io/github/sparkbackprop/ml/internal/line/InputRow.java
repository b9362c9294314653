package io.github.sparkbackprop.ml.internal.line;

import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * {@link InputRowExpression} for Spark 3.5 (Scala 2.12), whose Catalyst hands new children
 * over as a {@code scala.collection.IndexedSeq}. Not API.
 */
public final class InputRow extends InputRowExpression {

  private static final long serialVersionUID = 1L;

  /** @param columns the input's columns, in order */
  public InputRow(scala.collection.Seq<Expression> columns) {
    super(columns);
  }

  @Override
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> newChildren) {
    return new InputRow(newChildren);
  }
}
