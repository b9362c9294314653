package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The epoch loop: histories, early stopping with best weights restored, divergence. */
class MiniBatchOptimizerTest {

  /**
   * Least squares on scripted batches: the training target is {@code c}; the "validation" loss
   * is {@code 0.5 ||x - v||^2}, so training past the point nearest {@code v} overfits.
   */
  private static final class Scripted implements StochasticObjective {
    final double[] c;
    final double[] v;
    final int steps;
    final List<BatchRequest> requests = new ArrayList<>();
    final List<Integer> spans = new ArrayList<>();
    final List<Integer> spansRun = new ArrayList<>();
    int validationOnlyCalls;
    int span = 1;
    /** The span ends at every this many-th question whether it ends (0: by its clock). */
    int timeUpEvery;
    int questions;

    Scripted(double[] c, double[] v, int steps) {
      this.c = c;
      this.v = v;
      this.steps = steps;
    }

    @Override
    public int stepsPerEpoch() {
      return steps;
    }

    @Override
    public boolean hasValidation() {
      return v != null;
    }

    @Override
    public BatchEvaluation evaluate(double[] x, double[] gradient, BatchRequest request) {
      requests.add(request);
      double loss = 0;
      for (int i = 0; i < x.length; i++) {
        gradient[i] = x[i] - c[i];
        loss += 0.5 * gradient[i] * gradient[i];
      }
      return new BatchEvaluation(loss, 1.0,
          request.fullTrainingLoss() ? loss : Double.NaN,
          request.validationLoss() ? validationLoss(x) - 0 : Double.NaN);
    }

    @Override
    public int epochsPerSpan() {
      return span;
    }

    @Override
    public boolean endSpanHere(boolean timeIsUp) {
      return timeUpEvery == 0 ? timeIsUp : ++questions % timeUpEvery == 0;
    }

    @Override
    public List<EpochOutcome> runEpochs(EpochSpan epochs, UpdateRule rule,
        Regularization regularization, int localSteps) {
      spans.add(epochs.epochs());
      List<EpochOutcome> outcomes =
          StochasticObjective.super.runEpochs(epochs, rule, regularization, localSteps);
      spansRun.add(outcomes.size());
      return outcomes;
    }

    @Override
    public double validationLoss(double[] x) {
      double loss = 0;
      for (int i = 0; i < x.length; i++) {
        loss += 0.5 * (x[i] - v[i]) * (x[i] - v[i]);
      }
      return loss;
    }
  }

  @Test
  void historiesHaveOneEntryPerEpochPlusTheStart() {
    Scripted objective = new Scripted(new double[] {1, 2}, null, 3);
    TrainingResult r = new MiniBatchOptimizer(new MomentumUpdate(0, false),
        LearningRateSchedule.constant(0.1), 4, 0, 5, 0)
        .minimize(objective, new double[] {0, 0}, Regularization.none(), EpochListener.NONE);
    assertEquals(4, r.epochs());
    assertEquals(5, r.objectiveHistory().length);
    assertEquals(12, r.learningRateHistory().length);
    assertEquals(0.5 * (1 + 4), r.objectiveHistory()[0], 1e-12);
    assertEquals(12, objective.requests.size());
    assertTrue(objective.requests.get(0).fullTrainingLoss());
    assertEquals(0, objective.validationOnlyCalls);
    assertEquals(-1, r.bestEpoch());
  }

  @Test
  void earlyStoppingRestoresTheBestValidationWeights() {
    // From 0 towards c = 10 in steps of 10% of the gap; validation prefers x = 3.
    Scripted objective = new Scripted(new double[] {10}, new double[] {3}, 1);
    List<EpochReport> reports = new ArrayList<>();
    TrainingResult r = new MiniBatchOptimizer(new MomentumUpdate(0, false),
        LearningRateSchedule.constant(0.1), 100, 0, 3, 0)
        .minimize(objective, new double[] {0}, Regularization.none(), reports::add);
    assertTrue(r.converged());
    assertTrue(r.epochs() < 100, "stopped after " + r.epochs());
    double[] validation = r.validationHistory();
    int best = 0;
    for (int e = 1; e < validation.length; e++) {
      if (validation[e] < validation[best]) {
        best = e;
      }
    }
    assertEquals(best, r.bestEpoch());
    assertEquals(r.epochs(), best + 3, "three epochs without improvement after the best");
    // x after epoch e is 10 (1 - 0.9^e); the best is the one nearest 3
    assertEquals(10 * (1 - Math.pow(0.9, best)), r.x()[0], 1e-12);
    assertEquals(validation[best], objective.validationLoss(r.x()), 1e-12);
    // validation came from the training passes; early stop needs no pass of its own
    for (BatchRequest q : objective.requests) {
      assertTrue(q.validationLoss(), "every step of a full-batch run starts an epoch");
    }
    assertEquals(r.epochs(), reports.size());
  }

  @Test
  void stoppingOnTheTrainingObjectiveWithoutValidation() {
    Scripted objective = new Scripted(new double[] {1}, null, 1);
    TrainingResult r = new MiniBatchOptimizer(new MomentumUpdate(0, false),
        LearningRateSchedule.constant(0.5), 1000, 1e-3, 2, 0)
        .minimize(objective, new double[] {0}, Regularization.none(), EpochListener.NONE);
    assertTrue(r.converged());
    assertTrue(r.epochs() < 100, "ran " + r.epochs());
  }

  @Test
  void divergenceNamesTheStepSize() {
    Scripted objective = new Scripted(new double[] {1}, null, 1);
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new MiniBatchOptimizer(new MomentumUpdate(0, false),
            LearningRateSchedule.constant(1e300), 50, 0, 5, 0)
            .minimize(objective, new double[] {0}, Regularization.none(), EpochListener.NONE));
    assertTrue(e.getMessage().contains("stepSize=1.0E300"), e.getMessage());
  }

  @Test
  void seededRunsRepeatExactly() {
    double[] a = run();
    double[] b = run();
    assertArrayEquals(a, b, 0.0);
  }

  private static double[] run() {
    Scripted objective = new Scripted(new double[] {1, -1, 2}, new double[] {0, 0, 1}, 4);
    return new MiniBatchOptimizer(new AdamUpdate(0.9, 0.999, 1e-8, false),
        LearningRateSchedule.constant(0.05), 20, 0, 50, 0)
        .minimize(objective, new double[] {0, 0, 0}, new Regularization(0.1, 0.5, null),
            EpochListener.NONE).x();
  }

  @Test
  void spansOfEpochsTrainWhatSingleEpochsTrain() {
    // adam with elastic net, the tol rule, and a checkpoint every 4 epochs: spans of up to 7
    // epochs end at every checkpoint and where the rule stops, and change nothing
    List<Integer> savedOne = new ArrayList<>();
    List<Integer> savedSpans = new ArrayList<>();
    Scripted one = new Scripted(new double[] {1, -1, 2}, null, 3);
    Scripted spans = new Scripted(new double[] {1, -1, 2}, null, 3);
    spans.span = 7;
    TrainingResult a = spanRun(one, savedOne);
    TrainingResult b = spanRun(spans, savedSpans);
    assertTrue(a.converged() && a.epochs() > 8 && a.epochs() < 60, a.stopReason());
    assertArrayEquals(a.x(), b.x(), 0.0);
    assertArrayEquals(a.objectiveHistory(), b.objectiveHistory(), 0.0);
    assertArrayEquals(a.learningRateHistory(), b.learningRateHistory(), 0.0);
    assertEquals(a.stopReason(), b.stopReason());
    assertEquals(savedOne, savedSpans);
    // the last span stopped where the tol rule fired, within it
    int planned = spans.spans.stream().mapToInt(Integer::intValue).sum();
    int last = spans.spans.get(spans.spans.size() - 1);
    assertTrue(planned - last < a.epochs() && a.epochs() <= planned, "spans " + spans.spans);
    assertTrue(spans.spans.size() < one.spans.size(), "spans " + spans.spans);
    for (int span : spans.spans) {
      assertTrue(span <= 4, "a span crossed a checkpoint: " + spans.spans);
    }
  }

  @Test
  void spansEndedByTheClockTrainWhatSingleEpochsTrain() {
    // the same run, its spans of up to 7 epochs ended after every 2 questions by a "clock":
    // the driver takes what each span ran and goes on from there, with the same result
    Scripted one = new Scripted(new double[] {1, -1, 2}, null, 3);
    Scripted timed = new Scripted(new double[] {1, -1, 2}, null, 3);
    timed.span = 7;
    timed.timeUpEvery = 2;
    TrainingResult a = spanRun(one, new ArrayList<>());
    TrainingResult b = spanRun(timed, new ArrayList<>());
    assertArrayEquals(a.x(), b.x(), 0.0);
    assertArrayEquals(a.objectiveHistory(), b.objectiveHistory(), 0.0);
    assertArrayEquals(a.learningRateHistory(), b.learningRateHistory(), 0.0);
    assertEquals(a.stopReason(), b.stopReason());
    // spans that could go on past 2 epochs ended after 2; every epoch ran once
    assertTrue(timed.spansRun.stream().allMatch(n -> n <= 2), "spans " + timed.spansRun);
    assertTrue(timed.spansRun.stream().anyMatch(n -> n == 2), "spans " + timed.spansRun);
    assertEquals(a.epochs(), timed.spansRun.stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void aSpanWhoseTimeIsUpEndsAfterItsFirstEpoch() {
    // no time at all: every span holds one epoch, however many it could hold
    Scripted objective = new Scripted(new double[] {1, -1, 2}, null, 3);
    AdamUpdate rule = new AdamUpdate(0.9, 0.999, 1e-8, false);
    rule.initialize(3);
    EpochStart start = new EpochStart(1, 0, new double[3], rule.saveState(),
        new double[] {0.1, 0.1, 0.1}, false, false, null);
    double[][] rates = {start.rates(), {0.1, 0.1, 0.1}, {0.1, 0.1, 0.1}};
    Regularization none = new Regularization(0, 0, null);
    assertEquals(1, new EpochSpan(start, rates, null, 0).run(objective, rule, none, 1).size());
    assertEquals(3, new EpochSpan(start, rates, null, Double.POSITIVE_INFINITY)
        .run(objective, rule, none, 1).size());
  }

  private static TrainingResult spanRun(Scripted objective, List<Integer> saved) {
    return new MiniBatchOptimizer(new AdamUpdate(0.9, 0.999, 1e-8, false),
        LearningRateSchedule.constant(0.05), 200, 1e-3, 3, 0)
        .minimize(objective, new double[] {0, 0, 0}, new Regularization(0.01, 0.5, null),
            EpochListener.NONE, null, new StateSink<MiniBatchState>() {
              @Override
              public boolean isDue(int k) {
                return k % 4 == 0;
              }

              @Override
              public void save(MiniBatchState state) {
                saved.add(state.epoch);
              }
            });
  }
}
