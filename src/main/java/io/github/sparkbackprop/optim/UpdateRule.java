package io.github.sparkbackprop.optim;

import java.io.Serializable;

/**
 * How a mini-batch optimiser turns a gradient into a step: plain or momentum SGD, Adam, AdamW.
 *
 * <p>Lifecycle: {@link #initialize(int)} once before the first step (allocating any state, e.g.
 * moment estimates, sized to the parameters), then {@link #step} once per mini-batch. Each rule
 * applies the regularisation itself, because where the L2 and L1 terms enter differs between
 * rules (coupled gradient, decoupled decay, proximal step with the rule's own per-coordinate
 * step size). Unpenalised coordinates (biases) are never decayed or thresholded.
 *
 * <p>For checkpoints, {@link #saveState()} captures what the rule remembers between steps and
 * {@link #restoreState} (after {@link #initialize(int)}) puts it back, so that a resumed training
 * takes bit for bit the steps an uninterrupted one would have.
 *
 * <p>A rule is serializable so that the tasks of parameter averaging ({@link LocalSteps}) can
 * each take a copy of its settings; its state travels as an {@link UpdateRuleState} (the state
 * fields are transient).
 */
public interface UpdateRule extends Serializable {

  /** Allocates the rule's state for {@code numParameters} parameters. */
  void initialize(int numParameters);

  /**
   * Takes one step in place.
   *
   * @param x the parameters, updated in place
   * @param gradient gradient of the mean data loss over the batch (may be modified)
   * @param learningRate this step's learning rate
   * @param regularization elastic-net term to apply
   */
  void step(double[] x, double[] gradient, double learningRate, Regularization regularization);

  /** A copy of what the rule remembers between steps (its step count and vectors). */
  UpdateRuleState saveState();

  /**
   * Puts back a state saved by {@link #saveState()} of a rule with the same settings; call after
   * {@link #initialize(int)}.
   *
   * @throws IllegalArgumentException if the state does not fit this rule
   */
  void restoreState(UpdateRuleState state);

  /** A short name for logs, e.g. {@code "adam(beta1=0.9, ...)"}. */
  String describe();
}
