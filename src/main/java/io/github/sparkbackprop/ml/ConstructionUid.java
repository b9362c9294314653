package io.github.sparkbackprop.ml;

/**
 * Carries a stage's uid into its Scala superclass constructor.
 *
 * <p>Spark's base classes ({@code Predictor}, {@code ProbabilisticClassifier}, ...) create params
 * such as {@code featuresCol} inside their constructors, and each param asks its parent for
 * {@code uid()} while the Java subclass's uid field is still unassigned. A stage's public
 * constructor therefore passes its uid through {@link #stage(String)} into a private constructor;
 * {@code uid()} falls back to {@link #pending()} until the field is set, after which the private
 * constructor calls {@link #clear()}.
 */
final class ConstructionUid {

  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private ConstructionUid() {}

  /** Remembers {@code uid} for the constructor about to run on this thread; returns it. */
  static String stage(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("A stage's uid must not be null or empty");
    }
    PENDING.set(uid);
    return uid;
  }

  /** The uid of the stage under construction on this thread. */
  static String pending() {
    return PENDING.get();
  }

  /** Forgets the pending uid once the constructor has stored it. */
  static void clear() {
    PENDING.remove();
  }
}
