package io.github.sparkbackprop.ml.internal.exchange;

import java.io.IOException;
import java.net.InetAddress;

/**
 * How the tasks of one stage find each other: their number, each one's index, a one-off
 * exchange of short messages (the addresses they listen on), and whether the task may go on. A
 * Spark barrier task gives all of it ({@code BarrierTaskContext}); tests give threads.
 */
public interface Rendezvous {

  /** This task's index, 0 to {@link #size()} - 1 (its partition). */
  int rank();

  /** The number of tasks. */
  int size();

  /** The address this task listens on: its executor's own, never every interface. */
  InetAddress listenAddress() throws IOException;

  /**
   * Sends {@code message} to every task and returns every task's message, by index; blocks until
   * all have sent theirs.
   */
  String[] allGather(String message);

  /**
   * Throws if this task must stop (its stage was cancelled or failed), so that a task waiting on
   * its peers notices within a poll interval.
   */
  void checkAlive();
}
