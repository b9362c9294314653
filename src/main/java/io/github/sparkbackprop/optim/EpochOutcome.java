package io.github.sparkbackprop.optim;

/**
 * How one epoch of mini-batch training ended ({@link EpochSteps}): the weights and update-rule
 * state after its steps, the sums of its batches' losses, what its first pass found, and
 * whether it stopped early, after its first pass (validation early stopping) or at a step whose
 * loss, gradient or weights stopped being finite.
 */
public final class EpochOutcome {

  /** Where and why an epoch's numbers stopped being finite. */
  public static final class Divergence {
    private final int step;
    private final double rate;
    private final String what;

    /**
     * @param step the 0-based step within the epoch
     * @param rate the learning rate of that step
     * @param what what stopped being finite, e.g. "the loss became NaN"
     */
    public Divergence(int step, double rate, String what) {
      this.step = step;
      this.rate = rate;
      this.what = what;
    }

    /** The 0-based step within the epoch. */
    public int step() {
      return step;
    }

    /** The learning rate of that step. */
    public double rate() {
      return rate;
    }

    /** What stopped being finite. */
    public String what() {
      return what;
    }
  }

  private final double[] x;
  private final UpdateRuleState ruleState;
  private final double lossSum;
  private final double weightSum;
  private final int stepsTaken;
  private final BatchEvaluation firstPass;
  private final boolean stoppedAfterFirstPass;
  private final Divergence divergence;
  private final double objective;
  private final double seconds;

  /**
   * @param x the weights at the end; taken, not copied
   * @param ruleState the update rule's state at the end
   * @param lossSum sum over the steps taken of the batch's mean loss times its weight
   * @param weightSum sum of the batches' weights
   * @param stepsTaken steps taken (all of the epoch's, unless it stopped early)
   * @param firstPass what the first pass found, once its losses passed their checks;
   *     {@code null} if the first pass's loss was not finite
   * @param stoppedAfterFirstPass whether the first pass's validation loss stopped training
   *     before any step (see {@link EpochStart#validationStop()})
   * @param divergence where the numbers stopped being finite, or {@code null}
   */
  public EpochOutcome(double[] x, UpdateRuleState ruleState, double lossSum, double weightSum,
      int stepsTaken, BatchEvaluation firstPass, boolean stoppedAfterFirstPass,
      Divergence divergence) {
    this(x, ruleState, lossSum, weightSum, stepsTaken, firstPass, stoppedAfterFirstPass,
        divergence, Double.NaN, Double.NaN);
  }

  private EpochOutcome(double[] x, UpdateRuleState ruleState, double lossSum, double weightSum,
      int stepsTaken, BatchEvaluation firstPass, boolean stoppedAfterFirstPass,
      Divergence divergence, double objective, double seconds) {
    this.x = x;
    this.ruleState = ruleState;
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.stepsTaken = stepsTaken;
    this.firstPass = firstPass;
    this.stoppedAfterFirstPass = stoppedAfterFirstPass;
    this.divergence = divergence;
    this.objective = objective;
    this.seconds = seconds;
  }

  /**
   * This outcome as {@link EpochSpan} records it once the epoch has ended: with the epoch's
   * objective and duration, the divergence it found (or this one's), and the weights and rule
   * state at the end only if {@code keepEnd} (a span keeps them for its last epoch alone).
   *
   * @param objective the epoch's objective (mean batch loss plus the penalty at the end), or
   *     {@code NaN}
   * @param seconds how long the epoch's steps took
   * @param divergence where the numbers stopped being finite, or {@code null}
   * @param keepEnd whether to keep the weights and rule state at the end
   * @return the recorded outcome
   */
  public EpochOutcome ended(double objective, double seconds, Divergence divergence,
      boolean keepEnd) {
    return new EpochOutcome(keepEnd ? x : null, keepEnd ? ruleState : null, lossSum, weightSum,
        stepsTaken, firstPass, stoppedAfterFirstPass, divergence, objective, seconds);
  }

  /**
   * The weights at the end (not a copy); {@code null} for an epoch of a span other than its
   * last (see {@link #ended}).
   */
  public double[] x() {
    return x;
  }

  /** The update rule's state at the end; {@code null} where {@link #x()} is. */
  public UpdateRuleState ruleState() {
    return ruleState;
  }

  /** Sum over the steps taken of the batch's mean loss times its weight. */
  public double lossSum() {
    return lossSum;
  }

  /** Sum of the batches' weights. */
  public double weightSum() {
    return weightSum;
  }

  /** Steps taken. */
  public int stepsTaken() {
    return stepsTaken;
  }

  /** What the first pass found, or {@code null} if its loss was not finite. */
  public BatchEvaluation firstPass() {
    return firstPass;
  }

  /** Whether validation early stopping ended training after the first pass. */
  public boolean stoppedAfterFirstPass() {
    return stoppedAfterFirstPass;
  }

  /** Where the numbers stopped being finite, or {@code null}. */
  public Divergence divergence() {
    return divergence;
  }

  /**
   * The epoch's objective, the mean batch loss plus the penalty at the end weights, once
   * {@link #ended recorded}; {@code NaN} before, or if the epoch diverged.
   */
  public double objective() {
    return objective;
  }

  /** How long the epoch's steps took, in seconds, once {@link #ended recorded}. */
  public double seconds() {
    return seconds;
  }
}
