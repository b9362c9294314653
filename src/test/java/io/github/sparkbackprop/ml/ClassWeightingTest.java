package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code classWeighting}: {@code balanced} picks scikit-learn's weights from the training rows
 * (sums of {@code weightCol} when set) and trains exactly what those weights put in a weight
 * column train, in {@code l-bfgs} and in {@code adam}, for the classifier and, one label at a
 * time, for the multi-label classifier; the summary reports them; a checkpoint of another
 * weighting is not resumed. (The weighted losses and their gradients: {@code nn.ClassWeightsTest}.)
 */
@Tag("slow")
class ClassWeightingTest {

  private static final StructType SCHEMA = new StructType()
      .add("features", SQLDataTypes.VectorType())
      .add("label", DataTypes.DoubleType)
      .add("w", DataTypes.DoubleType)
      .add("labels", DataTypes.createArrayType(DataTypes.DoubleType));

  /** 240 rows, classes 0, 1, 2 in proportions about 6 : 3 : 1; row weights in [0.5, 2). */
  private static Dataset<Row> data;

  @TempDir
  Path tmp;

  @BeforeAll
  static void data() {
    Random random = new Random(17);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      double u = random.nextDouble();
      int label = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
      double[] x = new double[4];
      for (int j = 0; j < x.length; j++) {
        x[j] = (j == label ? 1.5 : 0) + random.nextGaussian();
      }
      // multi-label: label 0 on most rows, label 1 on few, label 2 on a third
      List<Double> labels = new ArrayList<>();
      if (x[0] + 0.8 > 0) {
        labels.add(0.0);
      }
      if (x[1] > 1.2) {
        labels.add(1.0);
      }
      if (x[2] > 0.4) {
        labels.add(2.0);
      }
      rows.add(RowFactory.create(Vectors.dense(x), (double) label,
          0.5 + 1.5 * random.nextDouble(), labels));
    }
    data = TestSpark.session().createDataFrame(rows, SCHEMA).repartition(2).cache();
    data.count();
  }

  @AfterAll
  static void release() {
    data.unpersist();
  }

  @AfterEach
  void noFaults() {
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
  }

  private static NeuralNetworkClassifier lbfgs() {
    return new NeuralNetworkClassifier().setHiddenLayers(new int[] {5}).setMaxIter(8)
        .setSeed(3);
  }

  private static NeuralNetworkClassifier adam() {
    return new NeuralNetworkClassifier().setSolver("adam").setHiddenLayers(new int[] {5})
        .setBatchSize(60).setStepSize(0.02).setMaxIter(2).setTol(0).setSeed(3)
        .setExecutionMode("perStep");
  }

  /** {@code n / (k * n_c)} from the rows, with {@code n_c} the sum of {@code weight} per class. */
  private static double[] expectedClassWeights(Column weight, int k) {
    List<Row> sums = data.groupBy("label").agg(functions.sum(weight)).collectAsList();
    double[] perClass = new double[k];
    double n = 0;
    for (Row r : sums) {
      perClass[(int) r.getDouble(0)] = r.getDouble(1);
      n += r.getDouble(1);
    }
    double[] expected = new double[k];
    for (int c = 0; c < k; c++) {
      expected[c] = perClass[c] > 0 ? n / (k * perClass[c]) : 0;
    }
    return expected;
  }

  /** {@code base} times the weight of each row's class. */
  private static Column times(Column base, double[] classWeights) {
    Column weight = functions.lit(classWeights[classWeights.length - 1]);
    for (int c = classWeights.length - 2; c >= 0; c--) {
      weight = functions.when(functions.col("label").equalTo((double) c), classWeights[c])
          .otherwise(weight);
    }
    return base.multiply(weight);
  }

  private static void assertSameFit(NeuralNetworkTrainingSummary expected,
      double[] expectedWeights, NeuralNetworkTrainingSummary actual, double[] actualWeights,
      String what) {
    double diff = TestData.maxAbsDiff(expectedWeights, actualWeights);
    assertTrue(diff < 1e-9, what + ": weights differ by " + diff);
    double objectives = TestData.maxAbsDiff(expected.objectiveHistory(),
        actual.objectiveHistory());
    assertTrue(objectives < 1e-9, what + ": objectives differ by " + objectives);
  }

  @Test
  void balancedTrainsWhatItsWeightsInAWeightColumnTrainInBothSolvers() {
    for (NeuralNetworkClassifier nn : List.of(lbfgs(), adam())) {
      // l-bfgs with and without weightCol, adam (mini-batch denominators) with it
      for (boolean weighted : nn.getSolver().equals("adam") ? new boolean[] {true}
          : new boolean[] {false, true}) {
        String what = nn.getSolver() + (weighted ? " with weightCol" : "");
        NeuralNetworkClassifier balanced = nn.copy(new org.apache.spark.ml.param.ParamMap())
            .setClassWeighting("Balanced");
        if (weighted) {
          balanced.setWeightCol("w");
        }
        NeuralNetworkClassificationModel model = balanced.fit(data);
        assertEquals("balanced", model.getClassWeighting(), "the model reports the param");
        double[] chosen = model.summary().classWeights();
        Column rowWeight = weighted ? functions.col("w") : functions.lit(1.0);
        assertArrayEquals(expectedClassWeights(rowWeight, 3), chosen, 1e-12, what);
        assertNull(model.summary().labelPositiveWeights());

        Dataset<Row> withColumn = data.withColumn("cw", times(rowWeight, chosen));
        NeuralNetworkClassificationModel byColumn =
            nn.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("cw").fit(withColumn);
        assertNull(byColumn.summary().classWeights(), "none reports no class weights");
        assertSameFit(byColumn.summary(), byColumn.weights().toArray(), model.summary(),
            model.weights().toArray(), what);
        if (nn.getSolver().equals("adam")) {
          // a barrier epoch's tasks run the same weighted passes
          double[] barrier = balanced.copy(new org.apache.spark.ml.param.ParamMap())
              .setExecutionMode("barrier").fit(data).weights().toArray();
          BarrierExecutionTest.assertBitwiseEqual(model.weights().toArray(), barrier,
              "balanced adam, barrier against perStep");
        }
        if (!weighted) {
          double[] plain = nn.fit(data).weights().toArray();
          assertTrue(TestData.maxAbsDiff(plain, model.weights().toArray()) > 1e-3,
              what + ": balanced trained what none trains");
        }
      }
    }
  }

  @Test
  void aClassWithoutTrainingRowsGetsNoWeightAndTheOthersKeepTheirs() {
    // classes 0, 1 and 3: the model has k = 4 outputs, class 2 no rows
    Dataset<Row> gap = data.withColumn("label", functions.when(functions.col("label")
        .equalTo(2.0), 3.0).otherwise(functions.col("label")));
    NeuralNetworkClassificationModel model = lbfgs().setMaxIter(3).setClassWeighting("balanced")
        .fit(gap);
    assertEquals(4, model.numClasses());
    double[] chosen = model.summary().classWeights();
    long n = gap.count();
    double[] expected = new double[4];
    for (int c : new int[] {0, 1, 3}) {
      expected[c] = n / (4.0 * gap.where(functions.col("label").equalTo((double) c)).count());
    }
    assertArrayEquals(expected, chosen, 1e-12);
  }

  private static NeuralNetworkMultiLabelClassifier multiLabel(String solver) {
    NeuralNetworkMultiLabelClassifier nn = new NeuralNetworkMultiLabelClassifier()
        .setLabelCol("labels").setHiddenLayers(new int[] {5}).setSeed(5).setSolver(solver)
        .setTol(0);
    return "l-bfgs".equals(solver) ? nn.setMaxIter(8)
        : nn.setBatchSize(60).setStepSize(0.02).setMaxIter(2).setExecutionMode("perStep");
  }

  @Test
  void multiLabelWeightsBalanceEachLabelAndOneLabelTrainsAsItsWeightColumn() {
    NeuralNetworkMultiLabelClassificationModel model = multiLabel("l-bfgs").setMaxIter(3)
        .setWeightCol("w").setClassWeighting("BALANCED").fit(data);
    NeuralNetworkTrainingSummary summary = model.summary();
    assertNull(summary.classWeights());
    double n = data.agg(functions.sum("w")).first().getDouble(0);
    for (int j = 0; j < 3; j++) {
      Row pos = data.where(functions.array_contains(functions.col("labels"), (double) j))
          .agg(functions.sum("w")).first();
      double positives = pos.isNullAt(0) ? 0 : pos.getDouble(0);
      assertEquals(n / (2 * positives), summary.labelPositiveWeights()[j], 1e-12, "label " + j);
      assertEquals(n / (2 * (n - positives)), summary.labelNegativeWeights()[j], 1e-9,
          "label " + j);
    }
    assertNull(multiLabel("l-bfgs").setMaxIter(1).fit(data).summary().labelPositiveWeights());

    // with one label, each row's one term is weighted: the same as a weight column
    Dataset<Row> one = data.withColumn("labels", functions.when(
        functions.array_contains(functions.col("labels"), 1.0), functions.array(
            functions.lit(0.0))).otherwise(functions.array().cast("array<double>")));
    for (String solver : List.of("l-bfgs", "adam")) {
      NeuralNetworkMultiLabelClassificationModel balanced = multiLabel(solver)
          .setClassWeighting("balanced").fit(one);
      double pos = balanced.summary().labelPositiveWeights()[0];
      double neg = balanced.summary().labelNegativeWeights()[0];
      assertTrue(pos > 2 * neg, "few positives weigh more: " + pos + " vs " + neg);
      Dataset<Row> weighted = one.withColumn("cw", functions.when(
          functions.size(functions.col("labels")).gt(0), pos).otherwise(neg));
      NeuralNetworkMultiLabelClassificationModel byColumn =
          multiLabel(solver).setWeightCol("cw").fit(weighted);
      assertSameFit(byColumn.summary(), byColumn.weights().toArray(), balanced.summary(),
          balanced.weights().toArray(), "multi-label " + solver);
    }
  }

  @Test
  void aCheckpointOfAnotherWeightingIsNotResumed() {
    NeuralNetworkClassifier nn = lbfgs().setMaxIter(6)
        .setCheckpointDir(tmp.resolve("checkpoints").toString()).setCheckpointInterval(1);
    CheckpointStore.faults = new CheckpointStore.Faults() {
      @Override
      public void afterCheckpoint(int k) {
        if (k == 2) {
          throw new CheckpointResumeTest.SimulatedCrash("after checkpoint " + k);
        }
      }
    };
    assertThrows(CheckpointResumeTest.SimulatedCrash.class, () -> nn.fit(data));
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> nn.copy(new org.apache.spark.ml.param.ParamMap()).setClassWeighting("balanced")
            .fit(data));
    assertTrue(e.getMessage().contains("classWeighting"), e.getMessage());
    // the weighting it was written with resumes it
    assertTrue(nn.fit(data).summary().resumed());
  }

  @Test
  void onlyTheClassifiersHaveTheParam() {
    assertFalse(new NeuralNetworkRegressor().hasParam("classWeighting"));
    assertEquals("none", new NeuralNetworkClassifier().getClassWeighting());
    assertEquals("none", new NeuralNetworkMultiLabelClassifier().getClassWeighting());
  }
}
