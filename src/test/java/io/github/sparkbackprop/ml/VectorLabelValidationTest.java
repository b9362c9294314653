package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.InputValidationTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Bad vector and multi-label input fails with a message naming the column, the value and the
 * fix: label vectors of several sizes (within a partition and across partitions), null or
 * non-finite label vectors, label arrays with negative, fractional, too large or null indices,
 * null arrays, a label column of the wrong type for each estimator.
 */
class VectorLabelValidationTest {

  private static Dataset<Row> frame(DataType labelType, List<Row> rows) {
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType(), false)
        .add("y", labelType, true);
    return TestSpark.session().createDataFrame(rows, schema);
  }

  /** Rows of two features and the given labels, in one partition. */
  private static Dataset<Row> vectorLabels(Vector... labels) {
    return frame(SQLDataTypes.VectorType(), Arrays.stream(labels)
        .map(y -> RowFactory.create(Vectors.dense(1, 2), y)).collect(
            java.util.stream.Collectors.toList())).coalesce(1);
  }

  /** Rows of two features and the given label arrays, in one partition. */
  private static Dataset<Row> labelArrays(List<?>... labels) {
    return frame(DataTypes.createArrayType(DataTypes.DoubleType, true), Arrays.stream(labels)
        .map(y -> RowFactory.create(Vectors.dense(1, 2), y)).collect(
            java.util.stream.Collectors.toList())).coalesce(1);
  }

  private static NeuralNetworkRegressor regressor() {
    return new NeuralNetworkRegressor().setLabelCol("y").setHiddenLayers(new int[] {2})
        .setMaxIter(2);
  }

  private static NeuralNetworkMultiLabelClassifier multiLabel() {
    return new NeuralNetworkMultiLabelClassifier().setLabelCol("y")
        .setHiddenLayers(new int[] {2}).setMaxIter(2);
  }

  @Test
  void labelVectorsOfDifferentSizesAreNamed() {
    assertRejected(() -> regressor().fit(vectorLabels(Vectors.dense(1, 2),
        Vectors.dense(1, 2, 3))), "'y'", "different sizes (2 and 3)", "same number");
    // each partition consistent, the partitions not: found when the blocks are counted
    Dataset<Row> acrossPartitions = vectorLabels(Vectors.dense(1, 2), Vectors.dense(3, 4))
        .union(vectorLabels(Vectors.dense(1, 2, 3)));
    assertEquals(2, acrossPartitions.rdd().getNumPartitions());
    assertRejected(() -> regressor().fit(acrossPartitions), "'y'", "different sizes (2 and 3)");
  }

  @Test
  void nullEmptyOrNonFiniteLabelVectorsAreNamed() {
    assertRejected(() -> regressor().fit(vectorLabels(Vectors.dense(1, 2), null)), "'y'",
        "null label vector", "na.drop");
    assertRejected(() -> regressor().fit(vectorLabels(Vectors.dense(1, Double.NaN))), "'y'",
        "NaN", "index 1", "finite");
    assertRejected(() -> regressor().fit(vectorLabels(Vectors.dense(new double[0]))), "'y'",
        "empty label vectors");
  }

  @Test
  void badLabelIndicesAreNamedWithTheFix() {
    assertRejected(() -> multiLabel().fit(labelArrays(List.of(0.0, -1.0))), "'y'",
        "[0.0, -1.0]", "label index -1.0", "integers 0, 1, 2");
    assertRejected(() -> multiLabel().fit(labelArrays(List.of(1.5))), "'y'",
        "label index 1.5", "integers");
    assertRejected(() -> multiLabel().setNumLabels(3).fit(labelArrays(List.of(0.0),
        List.of(3.0, 1.0))), "'y'", "label index 3.0", "numLabels is 3", "at least 4");
    assertRejected(() -> multiLabel().fit(labelArrays(List.of(0.0), null)), "'y'",
        "null label array", "empty array");
    assertRejected(() -> multiLabel().fit(labelArrays(Arrays.asList(0.0, null))), "'y'",
        "contains a null");
    assertRejected(() -> multiLabel().fit(labelArrays(List.of(), List.of())), "'y'",
        "only empty label arrays", "numLabels");
    // with numLabels set, rows without labels are legitimate
    assertEquals(2, multiLabel().setNumLabels(2).fit(labelArrays(List.of(), List.of(1.0)))
        .numLabels());
  }

  @Test
  void aLabelColumnOfTheWrongTypeNamesTheEstimatorThatFitsIt() {
    Dataset<Row> vectors = vectorLabels(Vectors.dense(0, 1));
    Dataset<Row> arrays = labelArrays(List.of(0.0, 1.0));
    Dataset<Row> numbers = frame(DataTypes.DoubleType,
        List.of(RowFactory.create(Vectors.dense(1, 2), 1.0)));
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier().setLabelCol("y");
    assertRejected(() -> classifier.fit(vectors), "'y'", "vector",
        "NeuralNetworkClassifier needs one class index", "NeuralNetworkMultiLabelClassifier",
        "NeuralNetworkRegressor");
    assertRejected(() -> classifier.fit(arrays), "'y'", "array<double>",
        "NeuralNetworkMultiLabelClassifier");
    assertRejected(() -> regressor().fit(arrays), "'y'", "array<double>", "array_to_vector",
        "VectorAssembler");
    assertRejected(() -> multiLabel().fit(numbers), "'y'", "double",
        "array<double> of label indices", "array(col)");
    assertRejected(() -> multiLabel().fit(vectors), "'y'", "vector", "indicator vector");
    assertRejected(() -> multiLabel().fit(frame(DataTypes.createArrayType(DataTypes.StringType),
        List.of(RowFactory.create(Vectors.dense(1, 2), List.of("a"))))), "'y'",
        "array<string>");
  }
}
