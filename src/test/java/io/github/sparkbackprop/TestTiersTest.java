package io.github.sparkbackprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The test tiers hold what docs/testing.md says: a test class that starts JVMs of its own
 * (through {@code ChildProcess}, {@code ClusterRuns} or {@code StandaloneCluster}) carries the
 * {@code cluster} tag, so that {@code scripts/test quick} never starts one; and every tag in use
 * is one of the documented tiers, so that a misspelt tag cannot drop a class from every tier's
 * selection without notice.
 */
class TestTiersTest {

  private static final Path TESTS = Paths.get("src/test/java");
  private static final Set<String> TIERS = Set.of("slow", "cluster", "line");
  private static final Pattern TAG = Pattern.compile("@Tag\\(\"([^\"]*)\"\\)");
  private static final Pattern STARTS_JVMS =
      Pattern.compile("\\b(ChildProcess|ClusterRuns|StandaloneCluster)\\.");

  private static List<Path> testClasses() throws IOException {
    try (Stream<Path> files = Files.walk(TESTS)) {
      return files.filter(p -> p.getFileName().toString().endsWith("Test.java")).sorted()
          .collect(Collectors.toList());
    }
  }

  private static List<String> tags(String source) {
    List<String> tags = new ArrayList<>();
    Matcher m = TAG.matcher(source);
    while (m.find()) {
      tags.add(m.group(1));
    }
    return tags;
  }

  @Test
  void testsThatStartJvmsAreTaggedCluster() throws IOException {
    List<String> untagged = new ArrayList<>();
    int starting = 0;
    for (Path file : testClasses()) {
      String source = Files.readString(file, StandardCharsets.UTF_8);
      // ChildProcess.basedir() only finds the project's folder: it starts nothing
      String calls = source.replace("ChildProcess.basedir()", "");
      if (STARTS_JVMS.matcher(calls).find()) {
        starting++;
        if (!tags(source).contains("cluster")) {
          untagged.add(file.getFileName().toString());
        }
      }
    }
    assertTrue(starting >= 5, "found only " + starting + " test classes that start JVMs");
    assertEquals(List.of(), untagged, "these start JVMs of their own but lack"
        + " @Tag(\"cluster\"), so scripts/test quick would run them");
  }

  @Test
  void everyTagIsADocumentedTier() throws IOException {
    String docs = Files.readString(Paths.get("docs/testing.md"), StandardCharsets.UTF_8);
    for (String tier : TIERS) {
      assertTrue(docs.contains("| `" + tier + "` |"), "docs/testing.md does not describe " + tier);
    }
    for (Path file : testClasses()) {
      for (String tag : tags(Files.readString(file, StandardCharsets.UTF_8))) {
        assertTrue(TIERS.contains(tag), file + " has the tag \"" + tag + "\", which is none of "
            + TIERS + " (docs/testing.md)");
      }
    }
  }
}
