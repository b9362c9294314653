package io.github.sparkbackprop.onnx;

import io.github.sparkbackprop.nn.Activation;

/**
 * The hidden activations as ONNX nodes, computing what {@link Activation} computes.
 *
 * <p>Sigmoid, tanh and ReLU are single standard operators. Leaky ReLU, ELU and softplus are
 * composed from elementary ones ({@code Max}, {@code Min}, {@code Exp}, {@code Log}, ...) even
 * though ONNX defines operators of those names: ONNX Runtime's CPU kernels of {@code LeakyRelu},
 * {@code Elu} and {@code Softplus} take {@code float} only (1.23.2 answers
 * {@code ORT_NOT_IMPLEMENTED} for {@code double}), so a {@code double} network could not use
 * them. One form for both precisions keeps the two graphs alike, and it is written, like the
 * library's own functions, so that {@code exp} never overflows: ONNX specifies {@code Softplus}
 * as {@code ln(exp(x) + 1)}, which a runtime following the formula overflows to infinity for
 * inputs above about 88 in {@code float}.
 */
final class ActivationNodes {

  private ActivationNodes() {}

  /**
   * Adds the nodes applying {@code activation} to the value {@code x}.
   *
   * @param prefix the start of the new values' names, e.g. {@code "layer1"}
   * @return the name of the activated value ({@code x} itself for the identity)
   */
  static String apply(GraphBuilder g, Activation activation, String x, String prefix) {
    switch (activation) {
      case SIGMOID:
        return g.apply("Sigmoid", prefix + "/sigmoid", x);
      case TANH:
        return g.apply("Tanh", prefix + "/tanh", x);
      case RELU:
        return g.apply("Relu", prefix + "/relu", x);
      case LEAKY_RELU:
        // x > 0 ? x : slope x  is  max(x, slope x)  for a slope in (0, 1)
        return g.apply("Max", prefix + "/leakyRelu", x,
            g.apply("Mul", prefix + "/leakyRelu.negative", x, g.scalar(Activation.LEAKY_SLOPE)));
      case ELU:
        return elu(g, x, prefix);
      case SOFTPLUS:
        return softplus(g, x, prefix);
      case IDENTITY:
        return x;
      default:
        throw new IllegalArgumentException("No ONNX form for the activation " + activation);
    }
  }

  /**
   * {@code relu(x) + (exp(min(x, 0)) - 1)}: {@code x} for {@code x > 0} (the second term is then
   * exactly 0), else {@code e^x - 1}; {@code exp} only ever sees non-positive numbers.
   */
  private static String elu(GraphBuilder g, String x, String prefix) {
    String negativePart = g.apply("Min", prefix + "/elu.min", x, g.scalar(0.0));
    String exp = g.apply("Exp", prefix + "/elu.exp", negativePart);
    String expm1 = g.apply("Sub", prefix + "/elu.expm1", exp, g.scalar(1.0));
    String relu = g.apply("Relu", prefix + "/elu.relu", x);
    return g.apply("Add", prefix + "/elu", relu, expm1);
  }

  /**
   * {@code relu(x) + log(1 + exp(-|x|))}, the form {@link Activation#SOFTPLUS} uses: exact for
   * large {@code |x|} and never overflowing, since {@code exp} only sees non-positive numbers.
   */
  private static String softplus(GraphBuilder g, String x, String prefix) {
    String abs = g.apply("Abs", prefix + "/softplus.abs", x);
    String negAbs = g.apply("Neg", prefix + "/softplus.negAbs", abs);
    String exp = g.apply("Exp", prefix + "/softplus.exp", negAbs);
    String onePlus = g.apply("Add", prefix + "/softplus.onePlus", exp, g.scalar(1.0));
    String log = g.apply("Log", prefix + "/softplus.log", onePlus);
    String relu = g.apply("Relu", prefix + "/softplus.relu", x);
    return g.apply("Add", prefix + "/softplus", relu, log);
  }
}
