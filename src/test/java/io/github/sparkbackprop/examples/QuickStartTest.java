package io.github.sparkbackprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.cluster.ChildProcess;
import io.github.sparkbackprop.ml.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Java quick start is {@link QuickStart}'s marked code, word for word, and that code
 * trains, evaluates, saves and loads a pipeline.
 */
class QuickStartTest {

  /** The marked regions of the example, each without its indentation, a blank line between. */
  private static String markedRegions() throws Exception {
    List<String> lines = Files.readAllLines(ChildProcess.basedir().resolve(
        "examples/src/main/java/io/github/sparkbackprop/examples/QuickStart.java"),
        StandardCharsets.UTF_8);
    List<String> regions = new ArrayList<>();
    List<String> region = null;
    for (String line : lines) {
      if (line.trim().equals("// $example on$")) {
        region = new ArrayList<>();
      } else if (line.trim().equals("// $example off$")) {
        int indent = region.stream().filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        regions.add(String.join("\n",
            region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList()));
        region = null;
      } else if (region != null) {
        region.add(line);
      }
    }
    return String.join("\n\n", regions);
  }

  /** The first {@code java} code block of README's "Quick start" section. */
  private static String readmeQuickStart() throws Exception {
    List<String> lines = Files.readAllLines(ChildProcess.basedir().resolve("README.md"),
        StandardCharsets.UTF_8);
    int section = lines.indexOf("## Quick start");
    assertTrue(section >= 0, "README.md has no Quick start section");
    int start = lines.subList(section, lines.size()).indexOf("```java") + section + 1;
    int end = lines.subList(start, lines.size()).indexOf("```") + start;
    return String.join("\n", lines.subList(start, end));
  }

  @Test
  void theReadmeShowsExactlyTheMarkedCode() throws Exception {
    assertEquals(markedRegions(), readmeQuickStart());
  }

  @Test
  void theQuickStartTrainsSavesAndLoadsAPipeline(@TempDir Path tmp) throws Exception {
    StructType schema = new StructType().add("x1", DataTypes.DoubleType)
        .add("x2", DataTypes.DoubleType).add("x3", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    Random random = new Random(1);
    for (int i = 0; i < 600; i++) {
      int label = i % 3;
      rows.add(RowFactory.create(label * 2 + random.nextGaussian() * 0.5,
          random.nextGaussian(), -label + random.nextGaussian() * 0.5, (double) label));
    }
    Dataset<Row>[] split = TestSpark.session().createDataFrame(rows, schema)
        .randomSplit(new double[] {0.8, 0.2}, 3);
    String path = tmp.resolve("nn-pipeline").toString();
    QuickStart.Result result = QuickStart.run(split[0], split[1], path);
    assertTrue(result.accuracy() > 0.9, "accuracy " + result.accuracy());
    assertEquals(3, result.reloaded().stages().length);
    assertEquals(split[1].count(), result.reloaded().transform(split[1]).count());
  }
}
