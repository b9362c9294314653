package io.github.sparkbackprop.ml.internal.exchange;

import java.io.IOException;

/**
 * A task of a barrier stage heard nothing from a peer for longer than the timeout: the peer's
 * executor is lost, stuck or starved. The message names the tasks and the ways out.
 */
public final class PeerTimeoutException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The Spark setting of the timeout. */
  public static final String TIMEOUT_CONF = "spark.sparkbackprop.barrier.peerTimeout";

  /**
   * @param what what was waited for, and for how long
   */
  public PeerTimeoutException(String what) {
    super(what + ". Its executor may be lost, stuck or starved of CPU: Spark retries the"
        + " stage; if this repeats, raise " + TIMEOUT_CONF + " (e.g. --conf " + TIMEOUT_CONF
        + "=10min) or set executionMode to \"perStep\"");
  }
}
