package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.cluster.ChildProcess;
import io.github.sparkbackprop.ml.NeuralNetworkParamDefinitions.Declarer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The files generated from the param declarations are the ones committed: the Python params
 * module, the wrappers' keyword arguments and the params tables of docs/params.md. A param
 * changed in Java without {@code scripts/generate-params} fails here, naming the file, the first
 * line that differs and the fix.
 */
class GeneratedParamsTest {

  @Test
  void theCommittedFilesAreWhatTheDeclarationsGenerate() throws IOException {
    Path root = ChildProcess.basedir();
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> file : new ParamsGenerator().generate(root).entrySet()) {
      String committed = Files.readString(root.resolve(file.getKey()), StandardCharsets.UTF_8);
      String difference = firstDifference(committed, file.getValue());
      if (difference != null) {
        stale.add(file.getKey() + " is stale: " + difference);
      }
    }
    assertTrue(stale.isEmpty(), String.join("\n", stale)
        + "\nThese files are generated from the Java param declarations, which now generate"
        + " otherwise (a param changed, or a generated part was edited by hand): run"
        + " scripts/generate-params and commit what it writes.");
  }

  /** Where two texts first differ, by line, or null if they are equal. */
  static String firstDifference(String committed, String generated) {
    if (committed.equals(generated)) {
      return null;
    }
    String[] a = committed.split("\n", -1);
    String[] b = generated.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String have = i < a.length ? a[i] : "(end of file)";
      String want = i < b.length ? b[i] : "(end of file)";
      if (!have.equals(want)) {
        return "line " + (i + 1) + " is\n    " + have + "\n  but should be\n    " + want;
      }
    }
    return "the files differ in line endings";
  }

  @Test
  void aDifferenceIsReportedByItsFirstLine() {
    assertNull(firstDifference("a\nb\n", "a\nb\n"));
    String message = firstDifference("a\nb\nc\n", "a\nB\nc\n");
    assertTrue(message.startsWith("line 2 is"), message);
    assertTrue(message.contains("    b\n") && message.endsWith("    B"), message);
    assertTrue(firstDifference("a", "a\nb").contains("(end of file)"));
  }

  @Test
  void docsAreWrittenOnceForExplainParamsAndThePage() {
    String doc = "steps of `gd`{{ (see [Local steps](training.md#local-steps))}}; ignored";
    assertEquals("steps of gd; ignored", Declarer.plain(doc));
    assertEquals("steps of `gd` (see [Local steps](training.md#local-steps)); ignored",
        Declarer.markdown(doc));
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier();
    for (var p : nn.params()) {
      assertFalse(p.doc().contains("`") || p.doc().contains("{{"), p.name() + ": " + p.doc());
    }
  }

  @Test
  void pythonLiteralsAreWhatPythonWrites() {
    assertEquals("1e-06", ParamsGenerator.pyFloat(1e-6));
    assertEquals("1e-08", ParamsGenerator.pyFloat(1e-8));
    assertEquals("0.001", ParamsGenerator.pyFloat(0.001));
    assertEquals("0.0", ParamsGenerator.pyFloat(0.0));
    assertEquals("1.35", ParamsGenerator.pyFloat(1.35));
    assertEquals("100.0", ParamsGenerator.pyFloat(100.0));
    assertEquals("-2.5", ParamsGenerator.pyFloat(-2.5));
    assertEquals("1e+16", ParamsGenerator.pyFloat(1e16));
    assertEquals("[100]", ParamsGenerator.pyLiteral(new int[] {100}));
    assertEquals("\"l-bfgs\"", ParamsGenerator.pyLiteral("l-bfgs"));
    assertEquals("False", ParamsGenerator.pyLiteral(false));
  }

  @Test
  void longDocsWrapWithinTheLineLength() {
    String doc = "word ".repeat(60).trim();
    List<String> lines = ParamsGenerator.pyStringLines(doc, "        ");
    assertTrue(lines.size() > 2);
    for (String line : lines) {
      assertTrue(line.length() <= 100, line);
    }
    assertTrue(lines.get(lines.size() - 1).endsWith("\","));
    StringBuilder joined = new StringBuilder();
    for (String line : lines) {
      String literal = line.trim().replaceAll(",$", "");
      joined.append(literal, 1, literal.length() - 1);
    }
    assertEquals(doc, joined.toString());
  }

  @Test
  void aWrapperWithoutItsMarkersIsAnError() {
    ParamsGenerator generator = new ParamsGenerator();
    assertThrows(IllegalStateException.class,
        () -> generator.wrapperKeywords("x.py", "class A:\n    pass\n"));
    IllegalStateException unclosed = assertThrows(IllegalStateException.class,
        () -> generator.wrapperKeywords("x.py", "        # params:begin NeuralNetworkRegressor\n"));
    assertTrue(unclosed.getMessage().contains("params:end"), unclosed.getMessage());
  }

  @Test
  void aParamWithoutATableIsAnError() {
    // only the table of the three estimators' params: the others have no home
    String page = "<!-- params:begin classifier regressor multiLabel -->\n<!-- params:end -->\n";
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new ParamsGenerator().paramsPage(page));
    assertTrue(e.getMessage().contains("<!-- params:begin "), e.getMessage());
  }
}
