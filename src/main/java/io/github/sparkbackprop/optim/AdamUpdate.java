package io.github.sparkbackprop.optim;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) and AdamW
 * (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019).
 *
 * <pre>
 *   g = gradient (+ l2 * x for Adam; AdamW decays x directly instead: x = x - rate * l2 * x)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   s = rate / (sqrt(v / (1 - beta2^t)) + epsilon)       (per-coordinate step)
 *   x = x - s * m / (1 - beta1^t)
 *   x = softThreshold(x, s * l1)                          (proximal L1 in Adam's own metric)
 * </pre>
 *
 * The L1 threshold uses each coordinate's own step {@code s}, which makes it the proximal
 * operator of the L1 term under the diagonal metric Adam preconditions with (as in "proximal
 * Adam", Melchior et al. 2019); weights still reach exact zero. Biases are never penalised.
 *
 * <p>Hyperparameters: {@code beta1} (default 0.9) and {@code beta2} (0.999) are the decay rates
 * of the first and second moment estimates; {@code epsilon} (1e-8) keeps the step finite where
 * {@code v} is tiny.
 */
public final class AdamUpdate implements UpdateRule {

  private static final long serialVersionUID = 1L;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean decoupledWeightDecay;
  private transient double[] m;
  private transient double[] v;
  private transient long t;

  /**
   * @param beta1 first-moment decay in [0, 1)
   * @param beta2 second-moment decay in [0, 1)
   * @param epsilon > 0
   * @param decoupledWeightDecay {@code true} for AdamW: L2 as decoupled weight decay
   */
  public AdamUpdate(double beta1, double beta2, double epsilon, boolean decoupledWeightDecay) {
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1) but was " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1) but was " + beta2);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and > 0 but was " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.decoupledWeightDecay = decoupledWeightDecay;
  }

  @Override
  public void initialize(int numParameters) {
    m = new double[numParameters];
    v = new double[numParameters];
    t = 0;
  }

  @Override
  public void step(double[] x, double[] gradient, double rate, Regularization regularization) {
    t++;
    double l2 = regularization.l2Strength();
    double l1 = regularization.l1Strength();
    if (decoupledWeightDecay) {
      if (l2 > 0) {
        for (int i = 0; i < x.length; i++) {
          if (regularization.isPenalised(i)) {
            x[i] -= rate * l2 * x[i];
          }
        }
      }
    } else {
      regularization.addL2Gradient(x, gradient);
    }
    double firstCorrection = 1 - Math.pow(beta1, t);
    double secondCorrection = 1 - Math.pow(beta2, t);
    for (int i = 0; i < x.length; i++) {
      double g = gradient[i];
      double mi = beta1 * m[i] + (1 - beta1) * g;
      double vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      double step = rate / (Math.sqrt(vi / secondCorrection) + epsilon);
      double xi = x[i] - step * mi / firstCorrection;
      if (l1 > 0 && regularization.isPenalised(i)) {
        double threshold = step * l1;
        xi = xi > threshold ? xi - threshold : (xi < -threshold ? xi + threshold : 0.0);
      }
      x[i] = xi;
    }
  }

  @Override
  public UpdateRuleState saveState() {
    return new UpdateRuleState(t, new double[][] {m, v});
  }

  @Override
  public void restoreState(UpdateRuleState state) {
    state.require(describe(), m.length, true, true);
    double[][] vectors = state.vectors();
    m = vectors[0];
    v = vectors[1];
    t = state.steps();
  }

  @Override
  public String describe() {
    return (decoupledWeightDecay ? "adamw" : "adam") + "(beta1=" + beta1 + ", beta2=" + beta2
        + ", epsilon=" + epsilon + ")";
  }
}
