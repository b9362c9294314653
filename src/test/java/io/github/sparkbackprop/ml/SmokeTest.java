package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SmokeTest {

  @Test
  void xor() {
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType);
    List<Row> rows = Arrays.asList(
        RowFactory.create(Vectors.dense(0, 0), 0.0),
        RowFactory.create(Vectors.dense(0, 1), 1.0),
        RowFactory.create(Vectors.dense(1, 0), 1.0),
        RowFactory.create(Vectors.dense(1, 1), 0.0));
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {4}).setActivation("tanh").setSeed(1).fit(df);
    System.out.println(Arrays.toString(model.summary().objectiveHistory()));
    model.transform(df).show(false);
    assertEquals(4, model.transform(df).filter("prediction = label").count());
  }
}
