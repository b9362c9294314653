package io.github.sparkbackprop.optim;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum, written on the
 * iterates so that the proximal L1 step composes with momentum correctly:
 *
 * <pre>
 *   g_k     = gradient + l2 * x_k                      (L2 coupled, penalised coordinates only)
 *   heavy   x_{k+1} = prox(x_k + m (x_k - x_{k-1}) - r g_k)
 *   Nesterov x_{k+1} = prox(x_k + m (x_k - x_{k-1}) - r (g_k + m (g_k - g_{k-1})))
 *   prox(z) = softThreshold(z, r * l1)                  (exact zeros)
 * </pre>
 *
 * With a constant rate {@code r} and no L1 these are exactly PyTorch's {@code SGD} updates
 * ({@code v = m v + g; x -= r v}, and {@code x -= r (g + m v)} with {@code nesterov=True};
 * Sutskever et al., ICML 2013). Unlike adding momentum to a velocity that the proximal step never
 * sees, the momentum here is the step actually taken, so the fixed points are the minimisers of
 * the L1-regularised objective (the inertial proximal method "iPiano", Ochs et al., SIAM J.
 * Imaging Sciences 2014). With {@code m = 0} this is plain (proximal) gradient descent.
 */
public final class MomentumUpdate implements UpdateRule {

  private static final long serialVersionUID = 1L;

  private final double momentum;
  private final boolean nesterov;
  private transient double[] previousStep;
  private transient double[] previousGradient;
  private transient int numParameters;

  /**
   * @param momentum {@code m} in [0, 1); 0 disables momentum
   * @param nesterov whether to use Nesterov's look-ahead form (needs momentum > 0 to matter)
   */
  public MomentumUpdate(double momentum, boolean nesterov) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1) but was " + momentum);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  @Override
  public void initialize(int numParameters) {
    this.numParameters = numParameters;
    previousStep = momentum > 0 ? new double[numParameters] : null;
    previousGradient = momentum > 0 && nesterov ? new double[numParameters] : null;
  }

  @Override
  public void step(double[] x, double[] gradient, double rate, Regularization regularization) {
    regularization.addL2Gradient(x, gradient);
    if (previousStep == null) {
      for (int i = 0; i < x.length; i++) {
        x[i] -= rate * gradient[i];
      }
      regularization.applyL1Proximal(x, rate);
      return;
    }
    double[] before = x.clone();
    for (int i = 0; i < x.length; i++) {
      double g = gradient[i];
      double direction = nesterov ? g + momentum * (g - previousGradient[i]) : g;
      x[i] += momentum * previousStep[i] - rate * direction;
      if (nesterov) {
        previousGradient[i] = g;
      }
    }
    regularization.applyL1Proximal(x, rate);
    for (int i = 0; i < x.length; i++) {
      previousStep[i] = x[i] - before[i];
    }
  }

  @Override
  public UpdateRuleState saveState() {
    // the rule keeps no step count; plain gradient descent (no momentum) remembers nothing
    return new UpdateRuleState(0, new double[][] {previousStep, previousGradient});
  }

  @Override
  public void restoreState(UpdateRuleState state) {
    state.require(describe(), numParameters, previousStep != null, previousGradient != null);
    double[][] vectors = state.vectors();
    previousStep = vectors[0];
    previousGradient = vectors[1];
  }

  @Override
  public String describe() {
    return momentum == 0 ? "gd" : "gd(momentum=" + momentum + (nesterov ? ", nesterov" : "") + ")";
  }
}
