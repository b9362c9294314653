package io.github.sparkbackprop.ml.internal.check;

import io.github.sparkbackprop.ml.NeuralNetworkParams;
import io.github.sparkbackprop.ml.internal.TrainingConfig;
import java.util.Arrays;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
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
public final class SchemaChecks {

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
  public static void requireVectorColumn(StructType schema, String column) {
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
  public static void requireTrainingColumns(StructType schema, NeuralNetworkParams p,
      String featuresCol, String labelCol) {
    requireTrainingColumns(schema, featuresCol, labelCol,
        p.hasWeightColumn() ? p.getWeightCol() : null,
        p.hasValidationColumn() ? p.getValidationIndicatorCol() : null);
  }

  /** The same checks from a training snapshot. */
  public static void requireTrainingColumns(StructType schema, TrainingConfig config) {
    requireTrainingColumns(schema, config.featuresCol(), config.labelCol(), config.weightCol(),
        config.validationCol());
  }

  private static void requireTrainingColumns(StructType schema, String featuresCol,
      String labelCol, String weightCol, String validationCol) {
    requireVectorColumn(schema, featuresCol);
    requireNumericColumn(schema, labelCol, "label");
    if (weightCol != null) {
      requireNumericColumn(schema, weightCol, "weight");
    }
    if (validationCol != null) {
      requireBooleanColumn(schema, validationCol, "validation indicator");
    }
  }

  /**
   * Features per row declared by the vector column's ML attribute metadata (as
   * {@code VectorAssembler} and {@code HashingTF} write it), or -1 if none is declared.
   */
  public static int declaredNumFeatures(StructField featuresField) {
    try {
      return AttributeGroup.fromStructField(featuresField).size();
    } catch (RuntimeException e) { // metadata that is not an attribute group: not declared
      return -1;
    }
  }

  /**
   * Throws if the features column declares, in its metadata, a width other than
   * {@code numFeatures}: scoring such data would fail on the first row anyway.
   */
  public static void requireFeatureWidth(StructType schema, String featuresCol, int numFeatures) {
    if (!schema.getFieldIndex(featuresCol).isDefined()) {
      return; // the schema check of transform reports it
    }
    int declared = declaredNumFeatures(schema.apply(featuresCol));
    if (declared >= 0 && declared != numFeatures) {
      throw featureWidthMismatch(featuresCol, declared, numFeatures);
    }
  }

  /** The error for features of the wrong width at scoring time. */
  public static IllegalArgumentException featureWidthMismatch(String featuresCol, int actual,
      int expected) {
    return new IllegalArgumentException("Column '" + featuresCol + "' holds vectors of size "
        + actual + " but the model was trained on " + expected + " features; assemble the"
        + " features exactly as for training (same VectorAssembler inputs, in the same order)");
  }

  /** Output columns must not exist yet. */
  public static void requireAbsent(StructType schema, String column, String role) {
    if (column != null && !column.isEmpty() && schema.getFieldIndex(column).isDefined()) {
      throw new IllegalArgumentException("The " + role + " column '" + column + "' already"
          + " exists in the input; drop it first or choose another name with set"
          + Character.toUpperCase(role.charAt(0)) + role.substring(1) + "Col");
    }
  }

  /** Number of classes declared by the label column's ML attribute metadata, or -1. */
  public static int declaredNumClasses(StructField labelField) {
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
