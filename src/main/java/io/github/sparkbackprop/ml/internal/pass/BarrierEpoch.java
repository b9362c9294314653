package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.exchange.PeerGroup;
import io.github.sparkbackprop.ml.internal.line.SparkLine;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.optim.EpochOutcome;
import io.github.sparkbackprop.optim.EpochSpan;
import io.github.sparkbackprop.optim.EpochSteps;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.UpdateRule;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.runtime.AbstractFunction1;

/**
 * What each task of a barrier stage runs: it joins its peers ({@link PeerGroup}, with the
 * stage's secret), takes the steps of the span's epochs ({@link EpochSpan}, each epoch's with
 * {@link EpochSteps}) over its partition's cached blocks, every sum added up with the peers
 * ({@link AllReducedLoss}), and replies with a fingerprint of where it ended; the first task also
 * with the epochs' outcomes ({@link EpochReply}).
 *
 * <p>Every task starts from the same broadcast {@link EpochSpanWire} and a rule of its own (the
 * rule's settings travel in this function; its state in the span's start), and takes the same
 * steps, so all end at the same point. If a task fails, Spark fails the stage, kills its other
 * tasks (who notice within a poll of their connections) and runs the whole stage again from the
 * same start.
 */
final class BarrierEpoch
    extends AbstractFunction1<scala.collection.Iterator<RowBlock>,
        scala.collection.Iterator<EpochReply>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final SparkLine LINE = SparkLine.current();

  private final NetworkPasses network;
  private final Precision precision;
  private final BatchSampling sampling;
  private final boolean validating;
  private final UpdateRule rule;
  private final Regularization regularization;
  private final int localSteps;
  private final Broadcast<EpochSpanWire> span;
  private final byte[] secret;
  private final String addressBook;
  private final long peerTimeoutMillis;

  BarrierEpoch(NetworkPasses network, Precision precision, BatchSampling sampling,
      boolean validating, UpdateRule rule, Regularization regularization, int localSteps,
      Broadcast<EpochSpanWire> span, byte[] secret, String addressBook,
      long peerTimeoutMillis) {
    this.network = network;
    this.precision = precision;
    this.sampling = sampling;
    this.validating = validating;
    this.rule = rule;
    this.regularization = regularization;
    this.localSteps = localSteps;
    this.span = span;
    this.secret = secret.clone();
    this.addressBook = addressBook;
    this.peerTimeoutMillis = peerTimeoutMillis;
  }

  @Override
  public scala.collection.Iterator<EpochReply> apply(
      scala.collection.Iterator<RowBlock> partition) {
    // The task's own context, not BarrierTaskContext.get(): that touches the companion object,
    // which on Spark 3.5 starts a non-daemon timer thread ("Barrier task timer for barrier()
    // calls.") that keeps a local-mode driver JVM from exiting after main returns. Nothing here
    // calls barrier() or allGather, the only users of that timer.
    BarrierTaskContext context = (BarrierTaskContext) TaskContext.get();
    List<RowBlock> blocks = new ArrayList<>();
    LINE.toJava(partition).forEachRemaining(blocks::add);
    BarrierRendezvous rendezvous =
        new BarrierRendezvous(context, addressBook, secret, peerTimeoutMillis);
    try (PeerGroup group = PeerGroup.join(rendezvous, secret, peerTimeoutMillis)) {
      AllReducedLoss loss = new AllReducedLoss(network, precision, sampling, validating, blocks,
          group, rendezvous);
      List<EpochOutcome> outcomes =
          span.value().span().run(loss, rule, regularization, localSteps);
      EpochReply reply = EpochReply.of(group.rank(), outcomes, group.rank() == 0);
      return LINE.toScala(Collections.singletonList(reply).iterator());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
