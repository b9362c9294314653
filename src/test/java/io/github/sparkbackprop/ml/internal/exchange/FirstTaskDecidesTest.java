package io.github.sparkbackprop.ml.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstTaskDecidesTest {

  private static final byte[] SECRET = "the stage's secret, 32 bytes....".getBytes(
      StandardCharsets.UTF_8);

  @Test
  void everyTaskTakesTheFirstTasksAnswerAndTheExchangesAfterItStayInStep() throws Exception {
    // three tasks answer differently (task 0 yes, then no; the others the opposite); each
    // ends with task 0's answer, and a message exchanged after the answers arrives whole
    LocalRendezvous.Stage stage = new LocalRendezvous.Stage(3, addresses -> { });
    List<Object> results = LocalRendezvous.runTasks(stage, rendezvous -> {
      try (PeerGroup group = PeerGroup.join(rendezvous, SECRET, 20_000)) {
        boolean first = FirstTaskDecides.answer(group, group.rank() == 0);
        boolean second = FirstTaskDecides.answer(group, group.rank() != 0);
        ByteBuffer[] outgoing = new ByteBuffer[3];
        boolean[] everyPeer = new boolean[3];
        for (int peer = 0; peer < 3; peer++) {
          if (peer != group.rank()) {
            outgoing[peer] = group.messageTo(peer, 4).putInt(100 + group.rank()).flip();
            everyPeer[peer] = true;
          }
        }
        ByteBuffer[] received = group.exchange(outgoing, everyPeer);
        int fromOthers = 0;
        for (int peer = 0; peer < 3; peer++) {
          if (peer != group.rank()) {
            assertEquals(4, received[peer].remaining());
            fromOthers += received[peer].getInt();
          }
        }
        return first + " " + second + " " + fromOthers;
      }
    });
    assertEquals("true false 203", results.get(0));
    assertEquals("true false 202", results.get(1));
    assertEquals("true false 201", results.get(2));
  }

  @Test
  void aTaskAloneKeepsItsOwnAnswer() throws Exception {
    LocalRendezvous.Stage stage = new LocalRendezvous.Stage(1, addresses -> { });
    List<Object> results = LocalRendezvous.runTasks(stage, rendezvous -> {
      try (PeerGroup group = PeerGroup.join(rendezvous, SECRET, 20_000)) {
        return FirstTaskDecides.answer(group, true) + " " + FirstTaskDecides.answer(group, false);
      }
    });
    assertEquals("true false", results.get(0));
  }
}
