package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.Workspace;

/**
 * One {@link Workspace} per executor thread, kept across tasks: a training run evaluates the same
 * network hundreds of times, and reallocating the activation buffers each time only feeds the
 * garbage collector.
 */
final class WorkspaceCache {

  private static final ThreadLocal<Workspace> CACHE = new ThreadLocal<>();

  private WorkspaceCache() {}

  /** A workspace for {@code topology} holding at least {@code rows} rows. */
  static Workspace get(Topology topology, int rows) {
    Workspace ws = CACHE.get();
    if (ws == null || !ws.topology().equals(topology)) {
      ws = new Workspace(topology, rows);
      CACHE.set(ws);
    }
    ws.ensureCapacity(rows);
    return ws;
  }
}
