package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.WeightInitializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small network and partitions of random blocks, for the tests of the passes' sums. */
final class PassFixtures {

  static final Topology TOPOLOGY = new Topology(new int[] {5, 7, 3}, Activation.TANH,
      OutputLoss.softmaxCrossEntropy());
  static final NetworkPasses NETWORK = new NetworkPasses(TOPOLOGY);
  static final double[] W = WeightInitializer.initialize(TOPOLOGY, 11);

  private PassFixtures() {}

  /** Six partitions of 0 to 3 blocks of up to 40 rows; one empty, one of validation rows only. */
  static List<List<RowBlock>> partitions() {
    Random random = new Random(3);
    List<List<RowBlock>> partitions = new ArrayList<>();
    for (int p = 0; p < 6; p++) {
      List<RowBlock> blocks = new ArrayList<>();
      int count = p == 2 ? 0 : 1 + random.nextInt(3);
      for (int b = 0; b < count; b++) {
        blocks.add(block(random, 1 + random.nextInt(40), p == 4 || random.nextInt(4) == 0));
      }
      partitions.add(blocks);
    }
    return partitions;
  }

  static RowBlock block(Random random, int n, boolean validation) {
    double[] x = new double[n * 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    double[] labels = new double[n];
    double[] rowWeights = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(3);
      rowWeights[i] = random.nextInt(4) * 0.5 + random.nextDouble();
    }
    return new RowBlock(n, 5, x, labels, rowWeights, validation);
  }

  /** Global index of each partition's first training row, and the total. */
  static long[] trainingRowOffsets(List<List<RowBlock>> partitions) {
    long[] offsets = new long[partitions.size() + 1];
    for (int p = 0; p < partitions.size(); p++) {
      long rows = 0;
      for (RowBlock b : partitions.get(p)) {
        rows += b.isValidation() ? 0 : b.numRows();
      }
      offsets[p + 1] = offsets[p] + rows;
    }
    return offsets;
  }

  /** Java serialisation, as a task's result travels to the driver. */
  static byte[] serialise(Object sums) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sums);
    }
    return bytes.toByteArray();
  }

  static <T> T deserialise(byte[] bytes, Class<T> type) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return type.cast(in.readObject());
    }
  }
}
