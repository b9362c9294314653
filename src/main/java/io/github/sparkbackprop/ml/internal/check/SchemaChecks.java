package io.github.sparkbackprop.ml.internal.check;

import io.github.sparkbackprop.ml.internal.TrainingConfig;
import java.util.Arrays;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.ArrayType;
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

  /** What an estimator's label column must hold. */
  public enum LabelColumn {
    /** One class index per row: {@code NeuralNetworkClassifier}. */
    CLASS_INDEX,
    /** One real value, or a {@code Vector} of real values, per row: {@code NeuralNetworkRegressor}. */
    REAL_OR_VECTOR,
    /**
     * An array of label indices per row (Spark's multi-label convention):
     * {@code NeuralNetworkMultiLabelClassifier}.
     */
    LABEL_INDICES
  }

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

  /**
   * The label column must hold what the estimator reads; a wrong type is named with the
   * estimator or the conversion that fits it.
   */
  static void requireLabelColumn(StructType schema, String column, LabelColumn label) {
    DataType type = requireColumn(schema, column, "label").dataType();
    boolean vector = type.equals(SQLDataTypes.VectorType());
    boolean indices = isNumericArray(type);
    switch (label) {
      case CLASS_INDEX:
        if (vector || indices) {
          throw new IllegalArgumentException("The label column '" + column + "' holds "
              + type.simpleString() + " but NeuralNetworkClassifier needs one class index per"
              + " row; for several labels per row (an array of label indices) use"
              + " NeuralNetworkMultiLabelClassifier, for several real targets per row (a"
              + " Vector) NeuralNetworkRegressor");
        }
        requireNumericColumn(schema, column, "label");
        return;
      case REAL_OR_VECTOR:
        if (indices) {
          throw new IllegalArgumentException("The label column '" + column + "' holds "
              + type.simpleString() + " but NeuralNetworkRegressor needs a number or a Vector"
              + " per row; turn an array of targets into a Vector with array_to_vector"
              + " (org.apache.spark.ml.functions) or assemble target columns with"
              + " VectorAssembler, or for label indices use NeuralNetworkMultiLabelClassifier");
        }
        if (!vector && !(type instanceof NumericType)) {
          throw new IllegalArgumentException("The label column '" + column + "' holds "
              + type.simpleString() + " but must hold numbers, or Vectors of several targets"
              + " (assemble target columns with VectorAssembler)");
        }
        return;
      case LABEL_INDICES:
        if (!indices) {
          throw new IllegalArgumentException("The label column '" + column + "' holds "
              + type.simpleString() + " but NeuralNetworkMultiLabelClassifier needs an"
              + " array<double> of label indices per row (as MultilabelClassificationEvaluator"
              + " reads them), e.g. [0.0, 2.0] for a row with labels 0 and 2"
              + (type instanceof NumericType ? "; wrap one label per row with array(col), or"
                  + " use NeuralNetworkClassifier" : "")
              + (vector ? "; from a 0/1 indicator vector take the indices of its ones (see"
                  + " docs/vector-targets.md)" : ""));
        }
        return;
      default:
        throw new IllegalStateException("Unknown label column kind " + label);
    }
  }

  /** Whether {@code type} is an array of numbers. */
  private static boolean isNumericArray(DataType type) {
    return type instanceof ArrayType && ((ArrayType) type).elementType() instanceof NumericType;
  }

  /** Whether {@code column} exists in {@code schema} and holds ML vectors. */
  public static boolean holdsVectors(StructType schema, String column) {
    return column != null && schema.getFieldIndex(column).isDefined()
        && schema.apply(column).dataType().equals(SQLDataTypes.VectorType());
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

  /** Checks the input columns every estimator reads, its label column holding {@code label}. */
  public static void requireTrainingColumns(StructType schema, TrainingConfig config,
      LabelColumn label) {
    requireTrainingColumns(schema, config.featuresCol(), config.labelCol(), label,
        config.weightCol(), config.validationCol());
  }

  private static void requireTrainingColumns(StructType schema, String featuresCol,
      String labelCol, LabelColumn label, String weightCol, String validationCol) {
    requireVectorColumn(schema, featuresCol);
    requireLabelColumn(schema, labelCol, label);
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
