package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.exchange.Rendezvous;
import java.io.IOException;
import java.net.InetAddress;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskKilledException;

/**
 * What a task of a Spark barrier stage knows of its peers: its partition, their number, the
 * address of its own executor (from the stage's task infos, which Spark orders by partition),
 * {@code allGather} through the driver for the one-off exchange of listening addresses, and
 * whether Spark has asked it to stop.
 */
final class BarrierRendezvous implements Rendezvous {

  private final BarrierTaskContext context;

  BarrierRendezvous(BarrierTaskContext context) {
    this.context = context;
  }

  @Override
  public int rank() {
    return context.partitionId();
  }

  @Override
  public int size() {
    return context.getTaskInfos().length;
  }

  @Override
  public InetAddress listenAddress() throws IOException {
    // "host:port" of the executor this task runs in; its host is where peers can reach it
    String hostPort = context.getTaskInfos()[context.partitionId()].address();
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return InetAddress.getByName(host);
  }

  @Override
  public String[] allGather(String message) {
    return context.allGather(message);
  }

  @Override
  public void checkAlive() {
    if (context.isInterrupted()) {
      throw new TaskKilledException("the barrier stage was cancelled or failed");
    }
  }
}
