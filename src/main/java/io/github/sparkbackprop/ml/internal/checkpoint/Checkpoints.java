package io.github.sparkbackprop.ml.internal.checkpoint;

import io.github.sparkbackprop.optim.StateSink;
import java.util.function.Function;

/**
 * When and where one training saves its checkpoints: every {@code checkpointInterval}
 * iterations or epochs, into its {@link CheckpointStore}, stamped with its
 * {@link TrainingFingerprint}. {@link #NONE} when checkpoints are off.
 */
public final class Checkpoints {

  /** No checkpoints. */
  public static final Checkpoints NONE = new Checkpoints(null, null, 1);

  private final CheckpointStore store;
  private final TrainingFingerprint fingerprint;
  private final int interval;

  /** Checkpoints into {@code store} every {@code interval} iterations or epochs. */
  public Checkpoints(CheckpointStore store, TrainingFingerprint fingerprint, int interval) {
    this.store = store;
    this.fingerprint = fingerprint;
    this.interval = interval;
  }

  /**
   * A sink for an optimiser's states that saves each, wrapped by {@code wrap} with what the
   * trainer keeps around the optimiser.
   */
  public <S> StateSink<S> sink(Function<S, TrainingCheckpoint> wrap) {
    return new StateSink<S>() {
      @Override
      public boolean isDue(int k) {
        return store != null && k % interval == 0;
      }

      @Override
      public void save(S state) {
        store.save(wrap.apply(state), fingerprint);
      }
    };
  }
}
