package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.exchange.AddressBook;
import io.github.sparkbackprop.ml.internal.exchange.Rendezvous;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskKilledException;

/**
 * What a task of a Spark barrier stage knows of its peers: its partition, their number, the
 * address of its own executor (from the stage's task infos, which Spark orders by partition),
 * the driver's {@link AddressBook} for the one-off exchange of listening addresses (not Spark's
 * {@code allGather}, which sleeps a second while it waits), and whether Spark has asked it to
 * stop.
 */
final class BarrierRendezvous implements Rendezvous {

  private final BarrierTaskContext context;
  private final String addressBook;
  private final byte[] secret;
  private final long timeoutMillis;

  /**
   * @param addressBook {@code host:port} of the driver's address book for this stage
   * @param secret the stage's secret
   * @param timeoutMillis how long to wait for the other tasks to join
   */
  BarrierRendezvous(BarrierTaskContext context, String addressBook, byte[] secret,
      long timeoutMillis) {
    this.context = context;
    this.addressBook = addressBook;
    this.secret = secret;
    this.timeoutMillis = timeoutMillis;
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
    // one group per stage attempt: the tasks of an attempt Spark runs again meet on their own
    String key = context.stageId() + "." + context.stageAttemptNumber();
    try {
      return AddressBook.gather(addressBook, secret, key, this, message, timeoutMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void checkAlive() {
    if (context.isInterrupted()) {
      throw new TaskKilledException("the barrier stage was cancelled or failed");
    }
  }
}
