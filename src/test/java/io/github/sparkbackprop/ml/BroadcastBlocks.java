package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.line.SparkLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockStatus;
import scala.Option;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;

/** The broadcast blocks this JVM's block manager holds: what a leaked broadcast leaves. */
final class BroadcastBlocks {

  private BroadcastBlocks() {}

  /**
   * The broadcast blocks of at least {@code minBytes} once they equal {@code expected}, or as
   * they are after {@code timeoutMillis} ({@code Broadcast.destroy()} removes blocks
   * asynchronously).
   */
  static List<String> largeOnceSettled(long minBytes, List<String> expected,
      long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    List<String> now = large(minBytes);
    while (!now.equals(expected) && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      now = large(minBytes);
    }
    return now;
  }

  /** Broadcast blocks of at least {@code minBytes} held by this JVM's block manager. */
  static List<String> large(long minBytes) {
    BlockManager blocks = SparkEnv.get().blockManager();
    List<String> large = new ArrayList<>();
    Seq<BlockId> ids = blocks.getMatchingBlockIds(new AbstractFunction1<BlockId, Object>() {
      @Override
      public Object apply(BlockId id) {
        return id.isBroadcast();
      }
    });
    SparkLine.current().toJava(ids).forEach(id -> {
      Option<BlockStatus> status = blocks.getStatus(id);
      if (status.isDefined()
          && status.get().memSize() + status.get().diskSize() >= minBytes) {
        large.add(id.name());
      }
    });
    return large;
  }
}
