package io.github.sparkbackprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package keeps the rules its {@code package-info.java} states: the line "Imports (checked
 * by PackageRulesTest): ..." lists what its classes may import, and this test reads every
 * import of every class (the line-specific source folders included) and names each one no rule
 * allows. An entry {@code a.b.*} allows anything under {@code a.b}; an entry {@code a.b} allows
 * the classes of package {@code a.b} itself, or the one class {@code a.b} when its last part is
 * a class name. A package's own classes, its sub-packages' and {@code java.lang} need no entry
 * for the package itself.
 */
class PackageRulesTest {

  private static final Path ROOT = Paths.get("src/main/java");
  /** Classes named in lower case, which the name alone does not tell from a package. */
  private static final List<String> LOWER_CASE_CLASSES =
      List.of("org.apache.spark.sql.functions");
  private static final List<Path> SOURCES = List.of(ROOT, Paths.get("src/spark-3.5/java"),
      Paths.get("src/spark-4/java"));
  private static final Pattern RULE = Pattern.compile(
      "Imports \\(checked by \\{@code PackageRulesTest\\}\\):(.*?)\\*/", Pattern.DOTALL);
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(\\.\\*)?;", Pattern.MULTILINE);

  /** Each package's allowed entries, from its package-info.java. */
  static Map<String, List<String>> rules() throws IOException {
    Map<String, List<String>> rules = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path info : files.filter(p -> p.endsWith("package-info.java"))
          .sorted().collect(Collectors.toList())) {
        String text = Files.readString(info, StandardCharsets.UTF_8);
        Matcher m = RULE.matcher(text);
        String pkg = ROOT.relativize(info.getParent()).toString().replace('/', '.');
        assertTrue(m.find(), info + " states no 'Imports (checked by {@code PackageRulesTest}):'"
            + " line");
        List<String> entries = new ArrayList<>();
        for (String entry : m.group(1).replace("*/", "").replaceAll("\\n\\s*\\*", " ")
            .split(",")) {
          if (!entry.isBlank()) {
            entries.add(entry.trim());
          }
        }
        rules.put(pkg, entries);
      }
    }
    return rules;
  }

  /**
   * The package an import's class lives in: its parts before the first capitalised one, or, for
   * a class whose name starts in lower case (Spark's {@code functions}), the parts before it.
   */
  static String packageOf(String imported) {
    if (LOWER_CASE_CLASSES.contains(imported)) {
      return imported.substring(0, imported.lastIndexOf('.'));
    }
    String[] parts = imported.split("\\.");
    StringBuilder pkg = new StringBuilder();
    for (String part : parts) {
      if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
        break;
      }
      pkg.append(pkg.length() == 0 ? "" : ".").append(part);
    }
    return pkg.toString();
  }

  static boolean allowed(String imported, String ownPackage, List<String> entries) {
    String pkg = packageOf(imported);
    if (pkg.equals("java.lang") || pkg.equals(ownPackage)
        || pkg.startsWith(ownPackage + ".")) {
      return true;
    }
    for (String entry : entries) {
      if (entry.endsWith(".*")) {
        if (imported.startsWith(entry.substring(0, entry.length() - 1))) {
          return true;
        }
      } else if (pkg.equals(entry) || imported.equals(entry)
          || imported.startsWith(entry + ".") && !packageOf(entry).equals(entry)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyImportIsOneItsPackageAllows() throws IOException {
    Map<String, List<String>> rules = rules();
    assertTrue(rules.size() >= 14, "package-info files found: " + rules.keySet());
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path source : SOURCES) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java"))
            .sorted().collect(Collectors.toList())) {
          String pkg = source.relativize(file.getParent()).toString().replace('/', '.');
          List<String> entries = rules.get(pkg);
          if (entries == null) {
            problems.add(file + ": its package " + pkg + " has no package-info.java with rules");
            continue;
          }
          Matcher m = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
          while (m.find()) {
            checked++;
            // a wildcard import names a package, or a class whose members it imports
            String imported = m.group(2) != null && packageOf(m.group(1)).equals(m.group(1))
                ? m.group(1) + ".*" : m.group(1);
            if (!allowed(imported, pkg, entries)) {
              problems.add(file + " imports " + m.group(1) + ", which " + pkg
                  + "'s package-info.java does not allow");
            }
          }
        }
      }
    }
    assertTrue(checked > 500, "only " + checked + " imports read");
    assertEquals(List.of(), problems);
  }

  @Test
  void theRulesMeanWhatTheySay() {
    List<String> score = List.of("org.apache.spark.sql", "org.apache.spark.sql.types.*",
        "org.apache.spark.sql.catalyst.InternalRow", "io.github.sparkbackprop.nn.*");
    String own = "io.github.sparkbackprop.ml.internal.score";
    assertTrue(allowed("org.apache.spark.sql.Dataset", own, score));
    assertTrue(allowed("org.apache.spark.sql.types.StructType", own, score));
    assertTrue(allowed("org.apache.spark.sql.catalyst.InternalRow", own, score));
    assertTrue(allowed("io.github.sparkbackprop.nn.Topology", own, score));
    assertTrue(allowed("io.github.sparkbackprop.ml.internal.score.BlockScorer", own, score));
    assertTrue(!allowed("org.apache.spark.sql.catalyst.expressions.JoinedRow", own, score),
        "a Catalyst class other than the one named");
    assertTrue(!allowed("io.github.sparkbackprop.ml.NeuralNetworkParams", own, score),
        "the public stages");
    assertTrue(!allowed("io.github.sparkbackprop.ml.internal.TrainingConfig", own, score),
        "a package not listed");
    assertEquals("java.util", packageOf("java.util.Map.Entry"));
    assertTrue(!allowed("org.apache.spark.sql.catalyst.*", own, score), "a package wildcard");
    assertEquals("org.apache.spark.sql", packageOf("org.apache.spark.sql.functions"));
  }
}
