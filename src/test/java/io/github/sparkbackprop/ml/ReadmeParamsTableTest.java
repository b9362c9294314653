package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;

/**
 * README.md's params tables stay true: every param of the estimators has a row, every row names
 * a real param, and the default column shows the default the code has (or says "unset" for a
 * param without one).
 */
class ReadmeParamsTableTest {

  private static final Pattern ROW = Pattern.compile("^\\|\\s*`(\\w+)`\\s*\\|([^|]*)\\|");

  /** Param name to the README's default cell, from the tables of the "## Params" section. */
  private static Map<String, String> readmeDefaults() throws IOException {
    List<String> lines = Files.readAllLines(Paths.get("README.md"), StandardCharsets.UTF_8);
    Map<String, String> defaults = new LinkedHashMap<>();
    boolean inSection = false;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        inSection = line.trim().equals("## Params");
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (inSection && m.find()) {
        defaults.put(m.group(1), m.group(2).trim());
      }
    }
    return defaults;
  }

  /** How the README writes a default value: as Java prints it, arrays in brackets. */
  private static String render(Object value) {
    if (value instanceof int[]) {
      return Arrays.toString((int[]) value);
    }
    if (value instanceof double[]) {
      return Arrays.toString((double[]) value);
    }
    return String.valueOf(value);
  }

  @Test
  void everyParamHasARowWithItsTrueDefault() throws IOException {
    Map<String, String> readme = readmeDefaults();
    assertTrue(readme.size() > 20, "the Params section was not found in README.md: " + readme);
    List<String> problems = new ArrayList<>();
    TreeSet<String> known = new TreeSet<>();
    for (Params stage : List.<Params>of(new NeuralNetworkClassifier(),
        new NeuralNetworkRegressor(), new NeuralNetworkMultiLabelClassifier())) {
      String where = stage.getClass().getSimpleName();
      for (Param<?> param : stage.params()) {
        known.add(param.name());
        String cell = readme.get(param.name());
        if (cell == null) {
          problems.add(where + "." + param.name() + " has no row in README.md");
        } else if (stage.hasDefault(param)) {
          String expected = "`" + render(stage.getDefault(param).get()) + "`";
          if (!cell.contains(expected)) {
            problems.add(where + "." + param.name() + ": README says " + cell
                + " but the default is " + expected);
          }
        } else if (!cell.startsWith("unset")) {
          problems.add(where + "." + param.name() + " has no default, but README says " + cell);
        }
      }
    }
    for (String name : readme.keySet()) {
      if (!known.contains(name)) {
        problems.add("README.md documents `" + name + "`, which no estimator has");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void aWrongDefaultWouldBeCaught() {
    // the check above compares rendered values; make sure rendering tells them apart
    assertFalse("`[100]`".contains("`" + render(new int[] {10}) + "`"));
    assertFalse("`1.0E-6`".contains("`" + render(1e-5) + "`"));
  }
}
