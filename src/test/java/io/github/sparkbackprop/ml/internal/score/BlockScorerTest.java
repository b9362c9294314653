package io.github.sparkbackprop.ml.internal.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Predictions;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.WeightInitializer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scoring round-trips, without Spark: Catalyst rows go in (dense and sparse features, other
 * columns around them), block by block, and come out in order with their own columns unchanged
 * and the scores of the network appended, as a row-at-a-time prediction gives them.
 */
class BlockScorerTest {

  private static final VectorUDT VECTORS = new VectorUDT();
  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.LongType)
      .add("features", VECTORS)
      .add("name", DataTypes.StringType);

  @ParameterizedTest
  @EnumSource(Precision.class)
  void rowsComeOutInOrderWithTheirColumnsAndTheNetworksScores(Precision precision) {
    Topology topology = new Topology(new int[] {4, 5, 3}, Activation.RELU,
        OutputLoss.softmaxCrossEntropy());
    double[] w = WeightInitializer.initialize(topology, 5);
    Random random = new Random(8);
    List<Vector> features = new ArrayList<>();
    List<InternalRow> input = new ArrayList<>();
    UnsafeProjection toUnsafe = UnsafeProjection.create(INPUT);
    for (int i = 0; i < 11; i++) {
      double[] x = {random.nextGaussian(), 0, random.nextGaussian(), i % 2 == 0 ? 0 : 1.5};
      Vector v = i % 3 == 0 ? Vectors.dense(x).toSparse() : Vectors.dense(x);
      features.add(v);
      input.add(toUnsafe.apply(new GenericInternalRow(new Object[] {
          (long) i, VECTORS.serialize(v), UTF8String.fromString("row-" + i)})).copy());
    }
    List<ScoreColumns.Kind> kinds = List.of(ScoreColumns.Kind.RAW_PREDICTION,
        ScoreColumns.Kind.PROBABILITY, ScoreColumns.Kind.PREDICTION);
    BlockScorer scorer = new BlockScorer(topology, null, 1, "features", 4,
        new ScoreColumns(kinds, topology.outputLoss(), null), INPUT.size(), "test scorer", null);
    Iterator<InternalRow> out = scorer.score(precision.weights(w), input.iterator());
    double tol = precision == Precision.FLOAT ? 1e-5 : 0.0;
    for (int i = 0; i < input.size(); i++) {
      InternalRow row = out.next(); // a view, valid until the next row is asked for
      assertEquals(i, row.getLong(0));
      assertEquals("row-" + i, row.getUTF8String(2).toString());
      double[] expected = ModelScoring.predictRaw(topology, w, features.get(i));
      double[] raw = VECTORS.deserialize(row.getStruct(3, 4)).toArray();
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], raw[j], tol * Math.max(1, Math.abs(expected[j])),
            "row " + i + " raw " + j);
      }
      double[] probability = VECTORS.deserialize(row.getStruct(4, 4)).toArray();
      assertEquals(1.0, probability[0] + probability[1] + probability[2], 1e-12);
      assertEquals(Predictions.argmax(raw, 0, raw.length), row.getDouble(5), 0.0);
    }
    assertEquals(false, out.hasNext());
  }
}
