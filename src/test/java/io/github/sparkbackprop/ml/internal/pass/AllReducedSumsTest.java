package io.github.sparkbackprop.ml.internal.pass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.exchange.AllReduce;
import io.github.sparkbackprop.ml.internal.exchange.LocalRendezvous;
import io.github.sparkbackprop.ml.internal.exchange.PeerGroup;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.optim.AdamUpdate;
import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.RoundResult;
import io.github.sparkbackprop.optim.UpdateRule;
import io.github.sparkbackprop.optim.UpdateRuleState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tasks of a barrier epoch add up their partitions' sums among themselves
 * ({@link AllReduce}), and each must hold, bit for bit, what the driver gets from one job per
 * step: the partitions' sums serialised as task results, deserialised, and merged in partition
 * order. Checked for 1 to 6 tasks, with an empty partition, a partition of validation rows only,
 * passes with and without a gradient, both precisions, and rounds of local steps.
 */
class AllReducedSumsTest {

  private static final byte[] SECRET = "all-reduced sums test secret....".getBytes(
      StandardCharsets.UTF_8);

  @AfterEach
  void nothingStaysOpen() throws InterruptedException {
    for (int i = 0; i < 100 && PeerGroup.openSockets() != 0; i++) {
      Thread.sleep(20);
    }
    assertEquals(0, PeerGroup.openSockets());
  }

  /** What the driver merges from a job: each partition's result after its trip, in order. */
  private static <T> List<T> driverTotals(int tasks, IntFunction<T> partitionSums,
      Class<T> type, java.util.function.BinaryOperator<T> merge, T zero) throws Exception {
    T total = zero;
    for (int p = 0; p < tasks; p++) {
      T received = PassFixtures.deserialise(PassFixtures.serialise(partitionSums.apply(p)), type);
      total = merge.apply(total, received);
    }
    return List.of(total);
  }

  /** What every task holds after the all-reduce, by task. */
  private static <T> List<Object> allReduced(int tasks, IntFunction<T> partitionSums,
      io.github.sparkbackprop.ml.internal.exchange.WireCodec<T> codec) throws Exception {
    LocalRendezvous.Stage stage = new LocalRendezvous.Stage(tasks, addresses -> { });
    return LocalRendezvous.runTasks(stage, rendezvous -> {
      try (PeerGroup group = PeerGroup.join(rendezvous, SECRET, 30_000)) {
        return AllReduce.sum(group, partitionSums.apply(group.rank()), codec,
            PassFixtures.W.length);
      }
    });
  }

  private static double[] passValues(PassSums sums, BatchRequest request, PassRequest pass) {
    double[] gradient = new double[PassFixtures.W.length];
    BatchEvaluation e = sums.batchEvaluation(request, pass, gradient);
    double[] v = new double[gradient.length + 8];
    System.arraycopy(gradient, 0, v, 8, gradient.length);
    v[0] = e.loss();
    v[1] = e.weight();
    v[2] = e.fullTrainingLoss();
    v[3] = e.validationLoss();
    v[4] = sums.lossSum();
    v[5] = sums.weightSum();
    v[6] = sums.validationLossSum();
    v[7] = sums.hasGradient() ? 1 : 0;
    return v;
  }

  private void checkPasses(Weights weights, String precision) throws Exception {
    List<List<RowBlock>> partitions = PassFixtures.partitions();
    long[] offsets = PassFixtures.trainingRowOffsets(partitions);
    BatchSampling sampling = new BatchSampling("all-reduced-" + precision, 7,
        offsets[offsets.length - 1], 13, offsets);
    try {
      BatchRequest firstStep = new BatchRequest(1, 0, true, true);
      BatchRequest laterStep = new BatchRequest(2, 3, false, false);
      Object[][] passes = {
          {firstStep, PassRequest.batch(sampling, firstStep)},
          {laterStep, PassRequest.batch(sampling, laterStep)},
          {firstStep, PassRequest.allTrainingRows(true)},
          {new BatchRequest(1, 0, true, true), PassRequest.lossesOnly(true, true)}};
      for (int tasks = 1; tasks <= partitions.size(); tasks++) {
        for (Object[] pass : passes) {
          BatchRequest request = (BatchRequest) pass[0];
          PassRequest passRequest = (PassRequest) pass[1];
          IntFunction<PassSums> sums = p -> DataPass.sum(PassFixtures.NETWORK, weights,
              passRequest, p, partitions.get(p).iterator());
          PassSums driver = driverTotals(tasks, sums, PassSums.class, PassSums::merge,
              new PassSums()).get(0);
          double[] expected = passValues(driver, request, passRequest);
          List<Object> totals = allReduced(tasks, sums, PassSums.WIRE);
          for (int rank = 0; rank < tasks; rank++) {
            Object total = totals.get(rank);
            if (total instanceof Throwable) {
              throw new AssertionError("task " + rank + " failed", (Throwable) total);
            }
            assertArrayEquals(expected, passValues((PassSums) total, request, passRequest), 0.0,
                precision + ", " + tasks + " tasks, " + passRequest.rows() + ", task " + rank);
          }
        }
      }
    } finally {
      BatchSampling.forget("all-reduced-" + precision);
    }
  }

  @Test
  void everyTaskHoldsTheDriversPassSumsBitForBit() throws Exception {
    checkPasses(Weights.of(PassFixtures.W), "double");
  }

  @Test
  void inSinglePrecisionThePartitionsGradientsAddUpAsTheFloatsTheDriverWouldReceive()
      throws Exception {
    checkPasses(Weights.singlePrecision(PassFixtures.W), "float");
  }

  @Test
  void everyTaskHoldsTheDriversAverageOfARoundOfLocalStepsBitForBit() throws Exception {
    List<List<RowBlock>> partitions = PassFixtures.partitions();
    long[] offsets = PassFixtures.trainingRowOffsets(partitions);
    BatchSampling sampling = new BatchSampling("all-reduced-rounds", 7,
        offsets[offsets.length - 1], 11, offsets);
    UpdateRule rule = new AdamUpdate(0.9, 0.999, 1e-8, false);
    rule.initialize(PassFixtures.W.length);
    UpdateRuleState start = rule.saveState();
    Regularization regularization = new Regularization(1e-3, 0.5,
        PassFixtures.TOPOLOGY.weightMask());
    double[] rates = {0.01, 0.009, 0.008};
    BatchRequest first = new BatchRequest(1, 0, true, true);
    try {
      for (int tasks = 1; tasks <= partitions.size(); tasks++) {
        IntFunction<RoundSums> sums = p -> LocalRound.partitionRound(PassFixtures.NETWORK,
            io.github.sparkbackprop.nn.Precision.DOUBLE, sampling, PassFixtures.W,
            new AdamUpdate(0.9, 0.999, 1e-8, false), start, regularization, first, rates, p,
            partitions.get(p));
        RoundResult driver = driverTotals(tasks, sums, RoundSums.class, RoundSums::merge,
            RoundSums.empty()).get(0).result(first);
        List<Object> totals = allReduced(tasks, sums, RoundSums.WIRE);
        for (int rank = 0; rank < tasks; rank++) {
          Object total = totals.get(rank);
          if (total instanceof Throwable) {
            throw new AssertionError("task " + rank + " failed", (Throwable) total);
          }
          RoundResult mine = ((RoundSums) total).result(first);
          String where = tasks + " tasks, task " + rank;
          assertArrayEquals(driver.x(), mine.x(), 0.0, where);
          assertEquals(driver.state().steps(), mine.state().steps(), where);
          double[][] expected = driver.state().vectors();
          double[][] actual = mine.state().vectors();
          assertEquals(expected.length, actual.length, where);
          for (int v = 0; v < expected.length; v++) {
            assertArrayEquals(expected[v], actual[v], 0.0, where + ", vector " + v);
          }
          BatchEvaluation e = driver.evaluation();
          BatchEvaluation a = mine.evaluation();
          assertArrayEquals(new double[] {e.loss(), e.weight(), e.fullTrainingLoss(),
              e.validationLoss()}, new double[] {a.loss(), a.weight(), a.fullTrainingLoss(),
              a.validationLoss()}, 0.0, where);
          assertTrue(e.weight() > 0 || tasks <= 2, where);
        }
      }
    } finally {
      BatchSampling.forget("all-reduced-rounds");
    }
  }
}
