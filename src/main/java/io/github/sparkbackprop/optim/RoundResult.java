package io.github.sparkbackprop.optim;

/** What a round of parameter averaging ({@link LocalRounds#round}) ends with. */
public final class RoundResult {

  private final double[] x;
  private final UpdateRuleState state;
  private final BatchEvaluation evaluation;

  /**
   * @param x the averaged weights
   * @param state the averaged state of the update rule
   * @param evaluation the weighted mean loss of the round's batches (each taken at the local
   *     weights of the step) and their weight, and the extra losses its first batch asked for
   */
  public RoundResult(double[] x, UpdateRuleState state, BatchEvaluation evaluation) {
    this.x = x;
    this.state = state;
    this.evaluation = evaluation;
  }

  /** The averaged weights. */
  public double[] x() {
    return x;
  }

  /** The averaged state of the update rule. */
  public UpdateRuleState state() {
    return state;
  }

  /** The round's losses. */
  public BatchEvaluation evaluation() {
    return evaluation;
  }
}
