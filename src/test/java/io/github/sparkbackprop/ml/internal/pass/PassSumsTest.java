package io.github.sparkbackprop.ml.internal.pass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import io.github.sparkbackprop.optim.BatchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The sums of a pass, as Spark's aggregator suites test theirs, without Spark: one partition's
 * share ({@link DataPass#sum}), merging in any order, and the trip to the driver.
 */
class PassSumsTest {

  private static final Topology TOPOLOGY = PassFixtures.TOPOLOGY;
  private static final NetworkPasses NETWORK = PassFixtures.NETWORK;
  private static final double[] W = PassFixtures.W;

  private static List<List<RowBlock>> partitions() {
    return PassFixtures.partitions();
  }

  private static RowBlock block(Random random, int n, boolean validation) {
    return PassFixtures.block(random, n, validation);
  }

  /** Fresh partition sums (merging changes them) of a full pass with validation losses. */
  private static List<PassSums> partitionSums(List<List<RowBlock>> partitions, Weights w) {
    List<PassSums> sums = new ArrayList<>();
    for (int p = 0; p < partitions.size(); p++) {
      sums.add(DataPass.sum(NETWORK, w, PassRequest.allTrainingRows(true), p,
          partitions.get(p).iterator()));
    }
    return sums;
  }

  private static double[] values(PassSums sum) {
    double[] g = new double[TOPOLOGY.numParameters()];
    sum.scaledGradient(1.0, g);
    double[] v = new double[g.length + 4];
    System.arraycopy(g, 0, v, 4, g.length);
    v[0] = sum.lossSum();
    v[1] = sum.weightSum();
    v[2] = sum.validationLossSum();
    v[3] = sum.validationWeightSum();
    return v;
  }

  @Test
  void mergeOrderDoesNotChangeThePassSums() {
    List<List<RowBlock>> partitions = partitions();
    Weights w = Weights.of(W);
    IntFunction<List<PassSums>> fresh = i -> partitionSums(partitions, w);
    // seqOp folds each partition's sum into the empty zero value, as treeAggregate does
    PassSums forward = new PassSums();
    for (PassSums s : fresh.apply(0)) {
      forward = forward.merge(s);
    }
    double[] expected = values(forward);
    List<PassSums> backwardSums = fresh.apply(0);
    PassSums backward = new PassSums();
    for (int i = backwardSums.size() - 1; i >= 0; i--) {
      backward = backwardSums.get(i).merge(backward);
    }
    assertArrayEquals(expected, values(backward), 0.0, "folded from the other end");
    List<PassSums> tree = fresh.apply(0);
    while (tree.size() > 1) { // pairwise, as a deeper treeAggregate combines
      List<PassSums> next = new ArrayList<>();
      for (int i = 0; i < tree.size(); i += 2) {
        next.add(i + 1 < tree.size() ? tree.get(i).merge(tree.get(i + 1)) : tree.get(i));
      }
      tree = next;
    }
    assertArrayEquals(expected, values(tree.get(0)), 0.0, "merged pairwise");
    Random random = new Random(9);
    for (int round = 0; round < 5; round++) {
      List<PassSums> shuffled = fresh.apply(0);
      Collections.shuffle(shuffled, random);
      PassSums merged = new PassSums();
      for (PassSums s : shuffled) {
        merged = random.nextBoolean() ? merged.merge(s) : s.merge(merged);
      }
      assertArrayEquals(expected, values(merged), 0.0, "shuffled, round " + round);
    }
  }

  @Test
  void aFullPassSumsWhatTheNetworkGivesForEveryTrainingRowAndOnlyThoseRows() {
    List<List<RowBlock>> partitions = partitions();
    PassSums merged = new PassSums();
    for (PassSums s : partitionSums(partitions, Weights.of(W))) {
      merged = merged.merge(s);
    }
    double[] gradient = new double[W.length];
    double loss = 0;
    double weight = 0;
    double validationLoss = 0;
    double validationWeight = 0;
    Workspace ws = new Workspace(TOPOLOGY, 8);
    for (List<RowBlock> blocks : partitions) {
      for (RowBlock b : blocks) {
        if (b.isValidation()) {
          validationLoss += NETWORK.loss(W, b, ws);
          validationWeight += b.rowWeightSum();
        } else {
          loss += NETWORK.addGradient(W, b, 0, b.numRows(), gradient, ws);
          weight += b.rowWeightSum();
        }
      }
    }
    double[] actual = values(merged);
    assertEquals(loss, actual[0], 1e-12 * loss);
    assertEquals(weight, actual[1], 1e-12 * weight);
    assertEquals(validationLoss, actual[2], 1e-12 * validationLoss);
    assertEquals(validationWeight, actual[3], 1e-12 * validationWeight);
    for (int i = 0; i < gradient.length; i++) {
      assertEquals(gradient[i], actual[4 + i], 1e-12 * Math.max(1, Math.abs(gradient[i])));
    }
    assertEquals(0, merged.fullWeightSum(), "a full pass asks for no separate full loss");
  }

  @Test
  void anEpochOfBatchPassesTakesEveryTrainingRowOnce() {
    List<List<RowBlock>> partitions = partitions();
    long[] offsets = PassFixtures.trainingRowOffsets(partitions);
    long numRows = offsets[offsets.length - 1];
    BatchSampling sampling = new BatchSampling("pass-sums-test", 5, numRows, 16, offsets);
    try {
      double trainingWeight = 0;
      for (List<RowBlock> blocks : partitions) {
        for (RowBlock b : blocks) {
          trainingWeight += b.isValidation() ? 0 : b.rowWeightSum();
        }
      }
      for (int epoch = 1; epoch <= 2; epoch++) {
        double epochWeight = 0;
        for (int step = 0; step < sampling.stepsPerEpoch(); step++) {
          PassRequest request = PassRequest.batch(sampling, new BatchRequest(epoch, step,
              false, false));
          assertEquals(PassRequest.Rows.ONE_BATCH, request.rows());
          for (int p = 0; p < partitions.size(); p++) {
            epochWeight += DataPass.sum(NETWORK, Weights.of(W), request, p,
                partitions.get(p).iterator()).weightSum();
          }
        }
        assertEquals(trainingWeight, epochWeight, 1e-9 * trainingWeight, "epoch " + epoch);
      }
    } finally {
      BatchSampling.forget("pass-sums-test");
    }
  }

  @Test
  void aBatchCoveringEveryRowIsAFullPass() {
    BatchSampling oneStep = new BatchSampling("one-step", 5, 10, 10, new long[] {0, 10});
    PassRequest request = PassRequest.batch(oneStep, new BatchRequest(3, 0, true, true));
    assertEquals(PassRequest.Rows.ALL_TRAINING, request.rows());
    assertFalse(request.fullTrainingLoss(), "the batch's own loss is the full loss");
    assertTrue(request.validationLoss());
  }

  @Test
  void aBatchEvaluationIsTheMeanOfItsRowsAndABatchWeighingNothingTakesNoStep() {
    Random random = new Random(23);
    RowBlock b = block(random, 20, false);
    Workspace ws = new Workspace(TOPOLOGY, 20);
    PassSums sums = new PassSums();
    sums.addGradient(NETWORK, Weights.of(W), b, 0, 20, ws);
    double[] sum = new double[W.length];
    double lossSum = NETWORK.addGradient(W, b, 0, 20, sum, ws);
    BatchSampling oneStep = new BatchSampling("evaluation", 5, 20, 20, new long[] {0, 20});
    try {
      BatchRequest request = new BatchRequest(1, 0, true, false);
      PassRequest fullPass = PassRequest.batch(oneStep, request);
      double[] gradient = new double[W.length];
      var evaluation = sums.batchEvaluation(request, fullPass, gradient);
      double weight = b.rowWeightSum();
      assertEquals(weight, evaluation.weight(), 1e-12 * weight);
      assertEquals(lossSum / weight, evaluation.loss(), 1e-12 * lossSum / weight);
      assertEquals(evaluation.loss(), evaluation.fullTrainingLoss(), 0.0,
          "a batch of all training rows: its loss is the full training loss");
      assertTrue(Double.isNaN(evaluation.validationLoss()), "not asked for");
      for (int i = 0; i < W.length; i++) {
        assertEquals(sum[i] / weight, gradient[i], 1e-12 * Math.max(1, Math.abs(sum[i])));
      }
    } finally {
      BatchSampling.forget("evaluation");
    }
    PassSums nothing = new PassSums();
    double[] gradient = new double[W.length];
    Arrays.fill(gradient, 7.0);
    var none = nothing.batchEvaluation(new BatchRequest(2, 3, false, false),
        PassRequest.lossesOnly(false, false), gradient);
    assertEquals(0.0, none.weight());
    assertEquals(0.0, none.loss());
    assertArrayEquals(new double[W.length], gradient, 0.0, "no information, no step");
  }

  @Test
  void aSinglePrecisionPartitionShipsItsGradientAsFloatsAndMergedSumsInFull() throws Exception {
    Random random = new Random(17);
    RowBlock b = block(random, 30, false);
    Weights w = Weights.singlePrecision(W);
    PassSums shipped = new PassSums();
    shipped.addGradient(NETWORK, w, b, 0, b.numRows(), new Workspace(TOPOLOGY, 30));
    double[] exact = values(shipped);
    shipped.shipIn(w.precision());
    byte[] floatBytes = serialise(shipped);
    double[] received = values(deserialise(floatBytes));
    for (int i = 4; i < exact.length; i++) {
      assertEquals((double) (float) exact[i], received[i], 0.0, "gradient " + (i - 4));
    }
    assertEquals(exact[0], received[0], 0.0, "the loss sums travel in full");
    PassSums full = new PassSums();
    full.addGradient(NETWORK, w, b, 0, b.numRows(), new Workspace(TOPOLOGY, 30));
    assertTrue(floatBytes.length < serialise(full).length - 3 * W.length,
        "half the bytes for the gradient");
    PassSums merged = deserialise(floatBytes).merge(deserialise(floatBytes));
    merged.shipIn(w.precision()); // a merged sum carries double-double values: never rounded
    double[] beforeTrip = values(merged);
    assertArrayEquals(beforeTrip, values(deserialise(serialise(merged))), 0.0);
  }

  private static byte[] serialise(PassSums sums) throws IOException {
    return PassFixtures.serialise(sums);
  }

  private static PassSums deserialise(byte[] bytes) throws Exception {
    return PassFixtures.deserialise(bytes, PassSums.class);
  }
}
