package io.github.sparkbackprop.ml.internal.exchange;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One yes-or-no answer that every task of a stage ends up holding: the first task's. Each task
 * may see the question differently (its own clock, for whether a span of epochs has run long
 * enough), but all must act alike; the first task sends its answer to every other, one byte
 * each, and the others take it. Every task calls this at the same point of its work.
 */
public final class FirstTaskDecides {

  private FirstTaskDecides() {}

  /**
   * The first task's answer.
   *
   * @param group the stage's tasks
   * @param mine this task's own answer (used by the first task only)
   * @throws PeerTimeoutException if the first task is silent for longer than the timeout
   */
  public static boolean answer(PeerGroup group, boolean mine) throws IOException {
    int size = group.size();
    if (size == 1) {
      return mine;
    }
    ByteBuffer[] outgoing = new ByteBuffer[size];
    boolean[] incoming = new boolean[size];
    if (group.rank() == 0) {
      for (int peer = 1; peer < size; peer++) {
        ByteBuffer message = group.messageTo(peer, 1);
        message.put((byte) (mine ? 1 : 0)).flip();
        outgoing[peer] = message;
      }
      group.exchange(outgoing, incoming);
      return mine;
    }
    incoming[0] = true;
    ByteBuffer received = group.exchange(outgoing, incoming)[0];
    if (received.remaining() != 1) {
      throw new IllegalStateException("The first task's answer is " + received.remaining()
          + " bytes, not 1: the tasks are not at the same point of their work");
    }
    return received.get() == 1;
  }
}
