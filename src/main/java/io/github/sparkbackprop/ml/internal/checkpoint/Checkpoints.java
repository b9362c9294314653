package io.github.sparkbackprop.ml.internal.checkpoint;

import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.data.TrainingData;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.optim.MiniBatchPlan;
import io.github.sparkbackprop.optim.FullBatchState;
import io.github.sparkbackprop.optim.MiniBatchState;
import io.github.sparkbackprop.optim.StateSink;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The checkpoints of one training: the newest saved one of the same training (same
 * {@link TrainingFingerprint}) to resume from, and when and where to save the next ones (every
 * {@code checkpointInterval} iterations or epochs, into its {@link CheckpointStore}). None at
 * all when checkpoints are off.
 */
public final class Checkpoints {

  private final CheckpointStore store;
  private final TrainingFingerprint fingerprint;
  private final int interval;
  private final TrainingCheckpoint resume;

  private Checkpoints(CheckpointStore store, TrainingFingerprint fingerprint, int interval,
      TrainingCheckpoint resume) {
    this.store = store;
    this.fingerprint = fingerprint;
    this.interval = interval;
    this.resume = resume;
  }

  /**
   * The checkpoints of training {@code topology} on {@code data} with {@code config} (and a
   * mini-batch solver's {@code plan}, {@code null} for l-bfgs) in {@code store}; none at all when
   * {@code store} is {@code null} (checkpoints off).
   */
  public static Checkpoints of(CheckpointStore store, TrainingConfig config, Topology topology,
      TrainingData data, MiniBatchPlan plan) {
    if (store == null) {
      return new Checkpoints(null, null, 1, null);
    }
    TrainingFingerprint fingerprint = TrainingFingerprint.of(config, topology, data, plan);
    return new Checkpoints(store, fingerprint, config.checkpointInterval(),
        store.latest(fingerprint).orElse(null));
  }

  /** The checkpoint to resume from, or {@code null} to start afresh. */
  public TrainingCheckpoint resume() {
    return resume;
  }

  /**
   * Where {@code FullBatchOptimizer} hands its states: each due one is saved with the seconds of
   * the iterations so far.
   */
  public StateSink<FullBatchState> forFullBatch(Supplier<double[]> iterationSeconds) {
    return sink(state -> TrainingCheckpoint.fullBatch(state, iterationSeconds.get()));
  }

  /**
   * Where {@code MiniBatchOptimizer} hands its states: each due one is saved with the seconds of
   * the epochs so far.
   */
  public StateSink<MiniBatchState> forMiniBatch(Supplier<double[]> iterationSeconds) {
    return sink(state -> TrainingCheckpoint.miniBatch(state, iterationSeconds.get()));
  }

  private <S> StateSink<S> sink(Function<S, TrainingCheckpoint> wrap) {
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
