package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The optimisers' saved states, without Spark: a state captured after iteration or epoch k,
 * written to bytes and read back into fresh optimiser and rule objects, continues bit for bit
 * as the uninterrupted run.
 */
class ResumeFromStateTest {

  /** Keeps the state of one iteration or epoch, passed through its byte form. */
  private static final class Keep<S> implements StateSink<S> {
    final int at;
    final Codec<S> codec;
    S kept;

    Keep(int at, Codec<S> codec) {
      this.at = at;
      this.codec = codec;
    }

    @Override
    public boolean isDue(int k) {
      return k == at;
    }

    @Override
    public void save(S state) {
      kept = codec.roundTrip(state);
    }
  }

  private interface Codec<S> {
    void write(S state, DataOutputStream out) throws IOException;

    S read(DataInputStream in) throws IOException;

    default S roundTrip(S state) {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          write(state, out);
        }
        return read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static final Codec<LbfgsState> LBFGS = new Codec<>() {
    @Override
    public void write(LbfgsState state, DataOutputStream out) throws IOException {
      state.writeTo(out);
    }

    @Override
    public LbfgsState read(DataInputStream in) throws IOException {
      return LbfgsState.readFrom(in);
    }
  };

  private static final Codec<MiniBatchState> MINI_BATCH = new Codec<>() {
    @Override
    public void write(MiniBatchState state, DataOutputStream out) throws IOException {
      state.writeTo(out);
    }

    @Override
    public MiniBatchState read(DataInputStream in) throws IOException {
      return MiniBatchState.readFrom(in);
    }
  };

  private static void checkLbfgs(Regularization regularization, int at) {
    LbfgsOptimizer lbfgs = new LbfgsOptimizer(40, 0, 5);
    double[] start = TestFunctions.rosenbrockStart(6);
    OptimizationResult uninterrupted = lbfgs.minimize(TestFunctions.rosenbrock(), start,
        regularization, IterationListener.NONE);
    Keep<LbfgsState> keep = new Keep<>(at, LBFGS);
    lbfgs.minimize(TestFunctions.rosenbrock(), start, regularization, IterationListener.NONE,
        null, keep);
    assertNotNull(keep.kept, "no state after iteration " + at);
    OptimizationResult resumed = new LbfgsOptimizer(40, 0, 5).minimize(
        TestFunctions.rosenbrock(), null, regularization, IterationListener.NONE, keep.kept,
        StateSink.none());
    assertArrayEquals(uninterrupted.x(), resumed.x());
    assertArrayEquals(uninterrupted.objectiveHistory(), resumed.objectiveHistory());
    assertEquals(uninterrupted.stopReason(), resumed.stopReason());
  }

  @Test
  void lbfgsContinuesExactlyFromAState() {
    checkLbfgs(Regularization.none(), 12);
  }

  @Test
  void owlqnContinuesExactlyFromAState() {
    checkLbfgs(new Regularization(0.05, 1.0, null), 7);
  }

  /** Least squares on batches whose targets change with epoch and step, with validation. */
  private static final class Drifting implements StochasticObjective {
    @Override
    public int stepsPerEpoch() {
      return 3;
    }

    @Override
    public boolean hasValidation() {
      return true;
    }

    @Override
    public BatchEvaluation evaluate(double[] x, double[] gradient, BatchRequest request) {
      double loss = 0;
      for (int i = 0; i < x.length; i++) {
        double target = Math.sin(request.epoch() * 0.7 + request.step() * 1.3 + i);
        gradient[i] = x[i] - target;
        loss += 0.5 * gradient[i] * gradient[i];
      }
      return new BatchEvaluation(loss, 1.0,
          request.fullTrainingLoss() ? loss : Double.NaN,
          request.validationLoss() ? validationLoss(x) : Double.NaN);
    }

    @Override
    public double validationLoss(double[] x) {
      double loss = 0;
      for (int i = 0; i < x.length; i++) {
        loss += 0.5 * (x[i] - 0.3) * (x[i] - 0.3);
      }
      return loss;
    }
  }

  private static void checkMiniBatch(Supplier<UpdateRule> rule, int at) {
    LearningRateSchedule schedule = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE,
        0.3, 0.9, 20, 0.01, 4);
    Supplier<MiniBatchOptimizer> optimizer =
        () -> new MiniBatchOptimizer(rule.get(), schedule, 12, 0, 4, 0.001);
    double[] start = {0.5, -1, 2, 0};
    Regularization regularization = new Regularization(0.01, 0.5, null);
    TrainingResult uninterrupted = optimizer.get().minimize(new Drifting(), start,
        regularization, EpochListener.NONE);
    Keep<MiniBatchState> keep = new Keep<>(at, MINI_BATCH);
    optimizer.get().minimize(new Drifting(), start, regularization, EpochListener.NONE, null,
        keep);
    assertNotNull(keep.kept, "no state after epoch " + at);
    TrainingResult resumed = optimizer.get().minimize(new Drifting(), null, regularization,
        EpochListener.NONE, keep.kept, StateSink.none());
    assertArrayEquals(uninterrupted.x(), resumed.x());
    assertArrayEquals(uninterrupted.objectiveHistory(), resumed.objectiveHistory());
    assertArrayEquals(uninterrupted.validationHistory(), resumed.validationHistory());
    assertArrayEquals(uninterrupted.learningRateHistory(), resumed.learningRateHistory());
    assertEquals(uninterrupted.bestEpoch(), resumed.bestEpoch());
    assertEquals(uninterrupted.stopReason(), resumed.stopReason());
    assertTrue(uninterrupted.epochs() > at, "stopped after " + uninterrupted.epochs());
  }

  @Test
  void adamContinuesExactlyFromAState() {
    checkMiniBatch(() -> new AdamUpdate(0.9, 0.999, 1e-8, false), 5);
  }

  @Test
  void adamwContinuesExactlyFromAState() {
    checkMiniBatch(() -> new AdamUpdate(0.8, 0.99, 1e-6, true), 2);
  }

  @Test
  void nesterovMomentumContinuesExactlyFromAState() {
    checkMiniBatch(() -> new MomentumUpdate(0.9, true), 4);
  }

  @Test
  void aStateOfAnotherRuleIsRefused() {
    UpdateRule adam = new AdamUpdate(0.9, 0.999, 1e-8, false);
    adam.initialize(3);
    UpdateRuleState adamState = adam.saveState();
    UpdateRule momentum = new MomentumUpdate(0.5, false);
    momentum.initialize(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> momentum.restoreState(adamState));
    assertTrue(e.getMessage().contains("gd(momentum=0.5)"), e.getMessage());
    UpdateRule wider = new AdamUpdate(0.9, 0.999, 1e-8, false);
    wider.initialize(4);
    assertThrows(IllegalArgumentException.class, () -> wider.restoreState(adamState));
  }
}
