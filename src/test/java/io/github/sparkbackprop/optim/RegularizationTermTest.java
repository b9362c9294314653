package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The elastic-net term travels to the tasks (in a round's or a barrier epoch's function). */
class RegularizationTermTest {

  @Test
  void itTravelsWithItsMaskAsBitsAndComputesTheSameAfterwards() throws Exception {
    Random random = new Random(5);
    boolean[] mask = new boolean[100_000];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextInt(10) > 0;
    }
    Regularization term = new Regularization(0.01, 0.3, mask);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(term);
    }
    assertTrue(bytes.size() < mask.length / 6, bytes.size() + " bytes for " + mask.length
        + " coordinates: a bit each, not a byte");
    Regularization back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Regularization) in.readObject();
    }
    double[] x = new double[mask.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
      assertEquals(term.isPenalised(i), back.isPenalised(i), "coordinate " + i);
    }
    assertEquals(term.penalty(x), back.penalty(x), 0.0);
    assertEquals(term.l1Strength(), back.l1Strength(), 0.0);
    assertEquals(term.l2Strength(), back.l2Strength(), 0.0);
    Regularization none = Regularization.none();
    ByteArrayOutputStream noneBytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(noneBytes)) {
      out.writeObject(none);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(noneBytes.toByteArray()))) {
      assertTrue(((Regularization) in.readObject()).isPenalised(7), "no mask: all penalised");
    }
  }
}
