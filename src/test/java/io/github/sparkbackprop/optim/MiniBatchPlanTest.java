package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Topology;
import org.junit.jupiter.api.Test;

/** The rule that fills in the mini-batch params a user left unset, as the README states it. */
class MiniBatchPlanTest {

  private static final MiniBatchPlan.Settings NOTHING_SET =
      new MiniBatchPlan.Settings(null, null, null, null, null, null);

  private static long gradientCost(int... layers) {
    return new Topology(layers, Activation.RELU, OutputLoss.softmaxCrossEntropy())
        .multiplyAddsPerRowForGradient();
  }

  @Test
  void fashionMnistGetsTheFastRecipe() {
    MiniBatchPlan plan = MiniBatchPlan.choose(Solver.ADAM, 60_000,
        gradientCost(784, 256, 128, 10), NOTHING_SET);
    // 4 x 0.004 s x 50 GFLOP/s / (2 x 503,552) = 794 rows -> 1024
    assertEquals(1024, plan.batchSize());
    assertEquals(0.004, plan.stepSize(), 1e-15);
    assertEquals(30, plan.warmupSteps());
    assertEquals(LearningRateSchedule.Kind.COSINE, plan.schedule());
    assertEquals(0.00004, plan.minLearningRate(), 1e-15);
    assertEquals(20, plan.maxEpochs());
    assertEquals("batchSize=1024, stepSize=0.004, warmupSteps=30, learningRateSchedule=cosine,"
        + " minLearningRate=4.0E-5, maxIter=20", plan.chosen());
  }

  @Test
  void smallDataGetsSmallBatchesAtTheBaseRateForMoreEpochs() {
    // the friedman-regression example: 1,540 rows, a small network
    MiniBatchPlan plan = MiniBatchPlan.choose(Solver.ADAM, 1540, gradientCost(10, 64, 32, 1),
        NOTHING_SET);
    assertEquals(64, plan.batchSize()); // a 16th of the rows, rounded down to a power of two
    assertEquals(0.001, plan.stepSize(), 1e-15); // never below the base rate
    assertEquals(25, plan.warmupSteps()); // one epoch of 25 steps
    assertEquals(100, plan.maxEpochs()); // 1.2M row visits would be 780: capped
    // tiny data still gets steps
    assertEquals(1, MiniBatchPlan.choose(Solver.ADAM, 20, 100, NOTHING_SET).batchSize());
  }

  @Test
  void theBatchFollowsTheArithmeticPerRowWithinItsBounds() {
    // rows whose arithmetic costs 4 times a step's fixed cost: 4 x 0.004 s x 50 GFLOP/s
    // / (2 x cost)
    assertEquals(8192, MiniBatchPlan.batchSize(10_000_000, 10)); // tiny network: the cap
    assertEquals(32, MiniBatchPlan.batchSize(10_000_000, 1_000_000_000L)); // huge: the floor
    assertEquals(512, MiniBatchPlan.batchSize(10_000_000, 750_000)); // 533 rows -> 512
    assertEquals(1024, MiniBatchPlan.batchSize(10_000_000, 400_000)); // 1000 rows -> 1024
    assertEquals(2048, MiniBatchPlan.batchSize(10_000_000, 200_000)); // 2000 rows -> 2048
    // and never more than a 16th of the rows: 60,000 / 16 = 3,750 -> 2048
    assertEquals(2048, MiniBatchPlan.batchSize(60_000, 10));
    assertEquals(10, MiniBatchPlan.epochs(10_000_000)); // large data: at least 10 epochs
  }

  @Test
  void gdKeepsItsRateAndAdamwScalesLikeAdam() {
    assertEquals(0.03, MiniBatchPlan.stepSize(Solver.GD, 4096), 0);
    assertEquals(0.004, MiniBatchPlan.stepSize(Solver.ADAMW, 1024), 1e-15);
    assertEquals(0.008, MiniBatchPlan.stepSize(Solver.ADAM, 8192), 1e-15); // 8x at most
  }

  @Test
  void whatTheUserSetWins() {
    MiniBatchPlan plan = MiniBatchPlan.choose(Solver.ADAM, 60_000,
        gradientCost(784, 256, 128, 10),
        new MiniBatchPlan.Settings(256, 0.002, null, null, null, 7));
    assertEquals(256, plan.batchSize());
    assertEquals(0.002, plan.stepSize(), 0);
    // a rate set by the user keeps the params' defaults for its course: no warm-up, constant
    assertEquals(0, plan.warmupSteps());
    assertEquals(LearningRateSchedule.Kind.CONSTANT, plan.schedule());
    assertEquals(0.0, plan.minLearningRate(), 0);
    assertEquals(7, plan.maxEpochs());
    assertEquals("", plan.chosen());
    // a batch set by the user scales the chosen rate
    MiniBatchPlan rateChosen = MiniBatchPlan.choose(Solver.ADAM, 60_000, 1000,
        new MiniBatchPlan.Settings(512, null, 5, LearningRateSchedule.Kind.EXPONENTIAL, null,
            null));
    assertEquals(0.002, rateChosen.stepSize(), 1e-15);
    assertEquals(5, rateChosen.warmupSteps());
    assertEquals(LearningRateSchedule.Kind.EXPONENTIAL, rateChosen.schedule());
    assertEquals("stepSize=0.002, minLearningRate=2.0E-5, maxIter=20", rateChosen.chosen());
  }
}
