package io.github.sparkbackprop.optim;

/**
 * Where one epoch of mini-batch training starts, as {@link MiniBatchOptimizer} hands it to
 * {@link StochasticObjective#runEpoch}: everything the epoch's steps depend on, so that whoever
 * runs them (the driver, one Spark job per step; or every task of a barrier stage) takes exactly
 * the same steps.
 *
 * <p>The learning rates of the epoch's steps are worked out once, by the driver's schedule, and
 * travel as numbers; so does the validation early-stopping rule's decision, so that the tasks of
 * a barrier epoch stop after its first pass exactly when the driver will (without the best
 * parameters, which only the driver keeps).
 */
public final class EpochStart {

  private final int epoch;
  private final long stepsBefore;
  private final double[] x;
  private final UpdateRuleState ruleState;
  private final double[] rates;
  private final boolean fullTrainingLoss;
  private final boolean validationLoss;
  private final EarlyStopping validationStop;

  /**
   * @param epoch the 1-based epoch
   * @param stepsBefore steps taken before this epoch (over all epochs)
   * @param x the weights the epoch starts from; not copied
   * @param ruleState the update rule's state at the start
   * @param rates the learning rate of each of the epoch's steps; not copied
   * @param fullTrainingLoss whether the first pass also sums the loss of all training rows
   *     (the first epoch's, for the history's starting point)
   * @param validationLoss whether the first pass also sums the validation loss (of the weights
   *     the previous epoch ended with)
   * @param validationStop the validation rule as it stands (without parameters), asked after the
   *     first pass whether the validation loss it found stops training; {@code null} when the
   *     first pass cannot stop it
   */
  public EpochStart(int epoch, long stepsBefore, double[] x, UpdateRuleState ruleState,
      double[] rates, boolean fullTrainingLoss, boolean validationLoss,
      EarlyStopping validationStop) {
    this.epoch = epoch;
    this.stepsBefore = stepsBefore;
    this.x = x;
    this.ruleState = ruleState;
    this.rates = rates;
    this.fullTrainingLoss = fullTrainingLoss;
    this.validationLoss = validationLoss;
    this.validationStop = validationStop;
  }

  /** The 1-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** Steps taken before this epoch. */
  public long stepsBefore() {
    return stepsBefore;
  }

  /** The weights the epoch starts from (not a copy). */
  public double[] x() {
    return x;
  }

  /** The update rule's state at the start. */
  public UpdateRuleState ruleState() {
    return ruleState;
  }

  /** The learning rate of each step (not a copy). */
  public double[] rates() {
    return rates;
  }

  /** Whether the first pass also sums the loss of all training rows. */
  public boolean fullTrainingLoss() {
    return fullTrainingLoss;
  }

  /** Whether the first pass also sums the validation loss. */
  public boolean validationLoss() {
    return validationLoss;
  }

  /** The validation rule asked after the first pass, or {@code null}. */
  public EarlyStopping validationStop() {
    return validationStop;
  }

  /** Whether the first pass's validation loss stops training before the epoch's first step. */
  boolean stopsAfter(BatchEvaluation firstPass) {
    return validationStop != null && validationStop.wouldStopAt(firstPass.validationLoss());
  }
}
