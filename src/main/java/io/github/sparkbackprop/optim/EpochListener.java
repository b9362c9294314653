package io.github.sparkbackprop.optim;

/** Observes mini-batch training once per epoch. */
@FunctionalInterface
public interface EpochListener {

  /** A listener that only watches. */
  EpochListener NONE = report -> { };

  /** Called once an epoch's losses are known. */
  void onEpoch(EpochReport report);
}
