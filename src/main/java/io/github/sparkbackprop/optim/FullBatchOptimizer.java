package io.github.sparkbackprop.optim;

/**
 * Full-batch training: {@link LbfgsOptimizer} over one pass of all training rows per evaluation,
 * with early stopping on the validation loss when there are validation rows; the counterpart of
 * {@link MiniBatchOptimizer}, with which it shares its listener, result and checkpoint habits.
 *
 * <p><b>Stopping.</b> As {@link LbfgsOptimizer} stops; or, with validation rows, once the
 * validation loss has not improved (see {@link EarlyStopping}) for {@code patience} iterations,
 * in which case the weights of the best iteration are returned. The validation loss of an
 * iteration's point comes from the same pass that evaluated it
 * ({@link ValidatedFunction#validationLoss}), so early stopping costs no extra pass.
 */
public final class FullBatchOptimizer {

  private final LbfgsOptimizer lbfgs;
  private final int patience;
  private final double validationTol;

  /**
   * @param maxIter maximum number of l-bfgs iterations, >= 0
   * @param tol l-bfgs convergence tolerance (see {@link LbfgsOptimizer})
   * @param patience iterations without improvement of the validation loss before stopping
   * @param validationTol minimum relative improvement of the validation loss (see
   *     {@link EarlyStopping})
   */
  public FullBatchOptimizer(int maxIter, double tol, int patience, double validationTol) {
    this.lbfgs = new LbfgsOptimizer(maxIter, tol, LbfgsOptimizer.DEFAULT_MEMORY);
    this.patience = patience;
    this.validationTol = validationTol;
  }

  /**
   * Trains from {@code x0}.
   *
   * @param objective the data loss over all training rows, and the validation loss
   * @param x0 starting parameters; not modified
   * @param regularization the elastic-net term
   * @param listener told about each iteration (its learning rate is NaN)
   * @param resumeFrom a state saved by a run with the same objective and settings, to continue
   *     from (then {@code x0} is ignored); {@code null} to start at {@code x0}
   * @param checkpoints asked after every iteration that training continues past whether to save
   *     the state there
   * @return the final (or best) parameters and the histories
   * @throws DivergenceException as {@link LbfgsOptimizer} does
   */
  public TrainingResult minimize(ValidatedFunction objective, double[] x0,
      Regularization regularization, EpochListener listener, FullBatchState resumeFrom,
      StateSink<FullBatchState> checkpoints) {
    boolean validating = objective.hasValidation();
    EarlyStopping stopping = new EarlyStopping(patience, validationTol);
    GrowingArray history = resumeFrom == null
        ? new GrowingArray() : new GrowingArray(resumeFrom.validationHistory());
    if (resumeFrom != null) {
      stopping.restoreState(resumeFrom.validationStop());
    }
    FirstPoint first = new FirstPoint(objective);
    long[] iterationStart = {System.nanoTime()};
    IterationListener watcher = (iteration, value, x) -> {
      double seconds = (System.nanoTime() - iterationStart[0]) / 1e9;
      double v = Double.NaN;
      boolean carryOn = true;
      if (validating) {
        if (history.size() == 0) {
          // the starting weights are iteration 0
          history.add(first.validationLoss);
          stopping.record(0, first.validationLoss, x0, true);
        }
        v = objective.validationLoss(x);
        history.add(v);
      }
      listener.onEpoch(new EpochReport(iteration, value, v, Double.NaN, seconds));
      if (validating) {
        carryOn = !stopping.record(iteration, v, x, true);
      }
      iterationStart[0] = System.nanoTime();
      return carryOn;
    };
    StateSink<LbfgsState> lbfgsCheckpoints = new StateSink<LbfgsState>() {
      @Override
      public boolean isDue(int k) {
        return checkpoints.isDue(k);
      }

      @Override
      public void save(LbfgsState state) {
        checkpoints.save(new FullBatchState(state, history.toArray(), stopping.saveState()));
      }
    };
    OptimizationResult result = lbfgs.minimize(validating ? first : objective, x0,
        regularization, watcher, resumeFrom == null ? null : resumeFrom.lbfgs(),
        lbfgsCheckpoints);
    if (!validating) {
      return new TrainingResult(result.x(), result.objectiveHistory(), new double[0],
          new double[0], result.stopReason(), result.converged(), -1);
    }
    if (history.size() == 0) { // no iteration ran
      double v = objective.validationLoss(result.x());
      history.add(v);
      stopping.record(0, v, result.x(), true);
    }
    boolean stoppedEarly = stopping.epochsWithoutImprovement() >= patience;
    String reason = stoppedEarly
        ? "validation loss did not improve for " + patience + " iterations"
        : result.stopReason();
    return new TrainingResult(stopping.bestParameters(), result.objectiveHistory(),
        history.toArray(), new double[0],
        reason + "; returning the weights of iteration " + stopping.bestEpoch(),
        stoppedEarly || result.converged(), stopping.bestEpoch());
  }

  /**
   * The objective, remembering the validation loss at the first point evaluated (the starting
   * weights): iteration 0 of the validation history, read from the same pass as its gradient.
   */
  private static final class FirstPoint implements DifferentiableFunction {
    private final ValidatedFunction objective;
    private boolean evaluated;
    double validationLoss = Double.NaN;

    FirstPoint(ValidatedFunction objective) {
      this.objective = objective;
    }

    @Override
    public double evaluate(double[] x, double[] gradient) {
      double value = objective.evaluate(x, gradient);
      if (!evaluated) {
        evaluated = true;
        validationLoss = objective.validationLoss(x);
      }
      return value;
    }
  }
}
