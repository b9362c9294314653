package io.github.sparkbackprop.ml;

import java.util.Arrays;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks of the input schema with messages that name the column, what it holds and the fix;
 * run before any Spark job so that mistakes fail in milliseconds, not an hour into training.
 */
final class SchemaChecks {

  private SchemaChecks() {}

  /** The field of {@code column}, or a clear error listing the columns there are. */
  static StructField requireColumn(StructType schema, String column, String role) {
    if (column == null || column.isEmpty()) {
      throw new IllegalArgumentException("The " + role + " column name is empty; set it to one of"
          + " the columns " + Arrays.toString(schema.fieldNames()));
    }
    if (!schema.getFieldIndex(column).isDefined()) {
      throw new IllegalArgumentException("The " + role + " column '" + column + "' does not"
          + " exist; the dataset has the columns " + Arrays.toString(schema.fieldNames()));
    }
    return schema.apply(column);
  }

  /** The features column must hold ML vectors. */
  static void requireVectorColumn(StructType schema, String column) {
    DataType type = requireColumn(schema, column, "features").dataType();
    if (!type.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("The features column '" + column + "' holds "
          + type.simpleString() + " but must hold org.apache.spark.ml.linalg.Vector values;"
          + " assemble numeric columns into one vector with VectorAssembler (and convert"
          + " org.apache.spark.mllib vectors with MLUtils.convertVectorColumnsToML)");
    }
  }

  /** A label or weight column must be numeric. */
  static void requireNumericColumn(StructType schema, String column, String role) {
    DataType type = requireColumn(schema, column, role).dataType();
    if (!(type instanceof NumericType)) {
      throw new IllegalArgumentException("The " + role + " column '" + column + "' holds "
          + type.simpleString() + " but must be numeric"
          + ("label".equals(role)
              ? "; index string labels with StringIndexer"
              : "; cast it to double"));
    }
  }

  /** The validation indicator column must be boolean. */
  static void requireBooleanColumn(StructType schema, String column, String role) {
    DataType type = requireColumn(schema, column, role).dataType();
    if (!type.equals(org.apache.spark.sql.types.DataTypes.BooleanType)) {
      throw new IllegalArgumentException("The " + role + " column '" + column + "' holds "
          + type.simpleString() + " but must be boolean (true: hold the row out for"
          + " validation); derive it with e.g. rand(seed) < 0.1");
    }
  }

  /** Checks the input columns every estimator reads. */
  static void requireTrainingColumns(StructType schema, NeuralNetworkParams p,
      String featuresCol, String labelCol) {
    requireVectorColumn(schema, featuresCol);
    requireNumericColumn(schema, labelCol, "label");
    if (p.hasWeightColumn()) {
      requireNumericColumn(schema, p.getWeightCol(), "weight");
    }
    if (p.hasValidationColumn()) {
      requireBooleanColumn(schema, p.getValidationIndicatorCol(), "validation indicator");
    }
  }

  /** Output columns must not exist yet. */
  static void requireAbsent(StructType schema, String column, String role) {
    if (column != null && !column.isEmpty() && schema.getFieldIndex(column).isDefined()) {
      throw new IllegalArgumentException("The " + role + " column '" + column + "' already"
          + " exists in the input; drop it first or choose another name with set"
          + Character.toUpperCase(role.charAt(0)) + role.substring(1) + "Col");
    }
  }

  /** Number of classes declared by the label column's ML attribute metadata, or -1. */
  static int declaredNumClasses(StructField labelField) {
    Attribute attribute = Attribute.fromStructField(labelField);
    if (attribute instanceof BinaryAttribute) {
      return 2;
    }
    if (attribute instanceof NominalAttribute) {
      scala.Option<Object> n = ((NominalAttribute) attribute).getNumValues();
      return n.isDefined() ? (Integer) n.get() : -1;
    }
    return -1;
  }
}
