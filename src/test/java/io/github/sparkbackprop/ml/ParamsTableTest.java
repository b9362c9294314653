package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.cluster.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The params tables of docs/params.md stay true: every param of the estimators has a row, every
 * row names a real param, and the default column shows the default the code has (or says "unset"
 * for a param without one).
 */
class ParamsTableTest {

  /** The page of the params tables, from the project's root. */
  static final String PAGE = "docs/params.md";

  private static final String HEADER = "| param | default | meaning |";

  private static final Pattern ROW = Pattern.compile("^\\|\\s*`(\\w+)`\\s*\\|([^|]*)\\|");

  /** Param name to the page's default cell, from every table headed {@link #HEADER}. */
  static Map<String, String> documentedDefaults(List<String> lines) {
    Map<String, String> defaults = new LinkedHashMap<>();
    boolean inTable = false;
    for (String line : lines) {
      if (line.trim().equals(HEADER)) {
        inTable = true;
        continue;
      }
      if (!line.startsWith("|")) {
        inTable = false;
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (inTable && m.find()) {
        defaults.put(m.group(1), m.group(2).trim());
      }
    }
    return defaults;
  }

  private static Map<String, String> documentedDefaults() throws IOException {
    return documentedDefaults(Files.readAllLines(ChildProcess.basedir().resolve(PAGE),
        StandardCharsets.UTF_8));
  }

  /** How the page writes a default value: as Java prints it, arrays in brackets. */
  static String render(Object value) {
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
    Map<String, String> documented = documentedDefaults();
    assertTrue(documented.size() > 20,
        "the params tables were not found in " + PAGE + ": " + documented);
    List<String> problems = new ArrayList<>();
    TreeSet<String> known = new TreeSet<>();
    for (Params stage : List.<Params>of(new NeuralNetworkClassifier(),
        new NeuralNetworkRegressor(), new NeuralNetworkMultiLabelClassifier())) {
      String where = stage.getClass().getSimpleName();
      for (Param<?> param : stage.params()) {
        known.add(param.name());
        String cell = documented.get(param.name());
        if (cell == null) {
          problems.add(where + "." + param.name() + " has no row in " + PAGE);
        } else if (stage.hasDefault(param)) {
          String expected = "`" + render(stage.getDefault(param).get()) + "`";
          if (!cell.contains(expected)) {
            problems.add(where + "." + param.name() + ": " + PAGE + " says " + cell
                + " but the default is " + expected);
          }
        } else if (!cell.startsWith("unset")) {
          problems.add(where + "." + param.name() + " has no default, but " + PAGE + " says "
              + cell);
        }
      }
    }
    for (String name : documented.keySet()) {
      if (!known.contains(name)) {
        problems.add(PAGE + " documents `" + name + "`, which no estimator has");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void onlyTheParamsTablesAreRead() {
    Map<String, String> read = documentedDefaults(List.of(
        "| param | default | meaning |", "| --- | --- | --- |", "| `maxIter` | `100` | epochs |",
        "", "| value | what runs |", "| --- | --- |", "| `auto` | a barrier stage |", "",
        "<!-- params table: generated from the Java definitions -->",
        "| param | default | meaning |", "| --- | --- | --- |", "| `loss` | `huber` | loss |"));
    assertEquals(Map.of("maxIter", "`100`", "loss", "`huber`"), read);
  }

  @Test
  void aWrongDefaultWouldBeCaught() {
    // the check above compares rendered values; make sure rendering tells them apart
    assertFalse("`[100]`".contains("`" + render(new int[] {10}) + "`"));
    assertFalse("`1.0E-6`".contains("`" + render(1e-5) + "`"));
  }
}
