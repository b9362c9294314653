package io.github.sparkbackprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkbackprop.cluster.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed example data is what {@link SyntheticDatasets} generates from its seeds. */
class SyntheticDatasetsTest {

  private static void assertCommitted(String file, List<String> generated) throws IOException {
    Path committed = ChildProcess.basedir().resolve("examples/data").resolve(file);
    List<String> lines = Files.readAllLines(committed);
    assertEquals(generated.size(), lines.size(), file + ": number of lines");
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(generated.get(i), lines.get(i), file + ", line " + (i + 1));
    }
  }

  @Test
  void friedmanCsvIsReproducible() throws IOException {
    assertCommitted("friedman1.csv", SyntheticDatasets.friedman1(
        SyntheticDatasets.FRIEDMAN_ROWS, SyntheticDatasets.FRIEDMAN_SEED));
  }

  @Test
  void churnCsvIsReproducible() throws IOException {
    assertCommitted("customer-churn.csv", SyntheticDatasets.churn(
        SyntheticDatasets.CHURN_ROWS, SyntheticDatasets.CHURN_SEED));
  }

  @Test
  void multiTargetCsvIsReproducible() throws IOException {
    assertCommitted("multi-target.csv", SyntheticDatasets.multiTarget(
        SyntheticDatasets.MULTI_TARGET_ROWS, SyntheticDatasets.MULTI_TARGET_SEED));
  }

  @Test
  void subscriptionsCsvIsReproducible() throws IOException {
    assertCommitted("subscriptions.csv", SyntheticDatasets.subscriptions(
        SyntheticDatasets.SUBSCRIPTIONS_ROWS, SyntheticDatasets.SUBSCRIPTIONS_SEED));
  }
}
