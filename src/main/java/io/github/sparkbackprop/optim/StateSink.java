package io.github.sparkbackprop.optim;

/**
 * Where an optimiser hands its state for safekeeping (a checkpoint), and when. The optimiser
 * asks {@link #isDue} after each iteration or epoch that training continues past, and captures
 * its state (a copy of every vector it will need) only when the answer is yes.
 *
 * @param <S> the optimiser's state type
 */
public interface StateSink<S> {

  /**
   * Whether to save the state after iteration (l-bfgs) or epoch (mini-batch) {@code k}, 1-based.
   */
  boolean isDue(int k);

  /** Saves a state; the optimiser continues once this returns. */
  void save(S state);

  /** A sink that never wants a state. */
  static <S> StateSink<S> none() {
    return new StateSink<S>() {
      @Override
      public boolean isDue(int k) {
        return false;
      }

      @Override
      public void save(S state) {
        throw new IllegalStateException("no state was asked for");
      }
    };
  }
}
