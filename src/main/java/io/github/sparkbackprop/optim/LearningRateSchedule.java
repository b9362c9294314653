package io.github.sparkbackprop.optim;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * The learning rate at each optimiser step: an optional linear warm-up followed by one of five
 * decay rules, never below a floor.
 *
 * <p>With base rate {@code r}, decay rate {@code d}, decay steps {@code T}, warm-up {@code W}
 * steps and floor {@code m}, the rate at (0-based) step {@code t} is
 * {@code r * (t + 1) / W} while {@code t < W}, and afterwards {@code max(m, decay(t - W))} with
 *
 * <ul>
 *   <li>{@code constant}: {@code r}
 *   <li>{@code step}: {@code r * d^floor(u / T)} (staircase)
 *   <li>{@code exponential}: {@code r * d^(u / T)}
 *   <li>{@code inverseTime}: {@code r / (1 + d * u / T)}
 *   <li>{@code cosine}: {@code m + (r - m) * (1 + cos(pi * min(u, T) / T)) / 2} (Loshchilov and
 *       Hutter, "SGDR", ICLR 2017, without restarts), which reaches the floor at {@code u = T}
 * </ul>
 *
 * where {@code u = t - W}. These are the definitions of Keras' {@code ExponentialDecay},
 * {@code InverseTimeDecay} and {@code CosineDecay}.
 */
public final class LearningRateSchedule implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The decay rules, by their param names. */
  public enum Kind {
    CONSTANT("constant"),
    STEP("step"),
    EXPONENTIAL("exponential"),
    INVERSE_TIME("inverseTime"),
    COSINE("cosine");

    private final String paramName;

    Kind(String paramName) {
      this.paramName = paramName;
    }

    /** The name used in the {@code learningRateSchedule} param. */
    public String paramName() {
      return paramName;
    }

    /** All param names, in declaration order. */
    public static String[] paramNames() {
      return Arrays.stream(values()).map(Kind::paramName).toArray(String[]::new);
    }

    /** The kind with this param name, ignoring case. */
    public static Kind fromParamName(String name) {
      for (Kind k : values()) {
        if (k.paramName.equalsIgnoreCase(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("Unknown learning-rate schedule '" + name
          + "'; valid values are " + String.join(", ", paramNames()));
    }
  }

  private final Kind kind;
  private final double baseRate;
  private final double decayRate;
  private final long decaySteps;
  private final double minRate;
  private final long warmupSteps;

  /**
   * @param kind the decay rule
   * @param baseRate the rate {@code r} after warm-up and before decay, > 0
   * @param decayRate {@code d}: in (0, 1] for step and exponential, >= 0 for inverseTime; unused
   *     by constant and cosine
   * @param decaySteps {@code T}, > 0
   * @param minRate the floor {@code m}, in [0, baseRate]
   * @param warmupSteps {@code W}, >= 0
   */
  public LearningRateSchedule(
      Kind kind, double baseRate, double decayRate, long decaySteps, double minRate,
      long warmupSteps) {
    if (!(baseRate > 0) || Double.isInfinite(baseRate)) {
      throw new IllegalArgumentException("The learning rate must be finite and > 0 but was "
          + baseRate);
    }
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("decaySteps must be > 0 but was " + decaySteps);
    }
    if (!(minRate >= 0 && minRate <= baseRate)) {
      throw new IllegalArgumentException("The minimum learning rate must be in [0, " + baseRate
          + "] but was " + minRate);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0 but was " + warmupSteps);
    }
    if ((kind == Kind.STEP || kind == Kind.EXPONENTIAL) && !(decayRate > 0 && decayRate <= 1)) {
      throw new IllegalArgumentException("decayRate must be in (0, 1] for the "
          + kind.paramName() + " schedule but was " + decayRate);
    }
    if (kind == Kind.INVERSE_TIME && !(decayRate >= 0) || Double.isInfinite(decayRate)) {
      throw new IllegalArgumentException("decayRate must be finite and >= 0 but was "
          + decayRate);
    }
    this.kind = kind;
    this.baseRate = baseRate;
    this.decayRate = decayRate;
    this.decaySteps = decaySteps;
    this.minRate = minRate;
    this.warmupSteps = warmupSteps;
  }

  /** A constant rate. */
  public static LearningRateSchedule constant(double rate) {
    return new LearningRateSchedule(Kind.CONSTANT, rate, 1.0, 1, 0.0, 0);
  }

  /** The rate at 0-based step {@code t}. */
  public double rate(long t) {
    if (t < warmupSteps) {
      return baseRate * (t + 1) / warmupSteps;
    }
    double u = t - warmupSteps;
    double r;
    switch (kind) {
      case CONSTANT:
        r = baseRate;
        break;
      case STEP:
        r = baseRate * Math.pow(decayRate, Math.floor(u / decaySteps));
        break;
      case EXPONENTIAL:
        r = baseRate * Math.pow(decayRate, u / decaySteps);
        break;
      case INVERSE_TIME:
        r = baseRate / (1 + decayRate * u / decaySteps);
        break;
      case COSINE:
        double progress = Math.min(u, decaySteps) / decaySteps;
        r = minRate + (baseRate - minRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
        break;
      default:
        throw new IllegalStateException("Unknown schedule " + kind);
    }
    return Math.max(minRate, r);
  }

  /** The decay rule. */
  public Kind kind() {
    return kind;
  }

  /** The base rate. */
  public double baseRate() {
    return baseRate;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "%s(rate=%g, decayRate=%g, decaySteps=%d, min=%g, warmup=%d)", kind.paramName(),
        baseRate, decayRate, decaySteps, minRate, warmupSteps);
  }
}
