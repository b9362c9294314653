package io.github.sparkbackprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's links lead somewhere: every relative link in README.md and in the Markdown
 * pages of docs/ names a file or folder of the repository and, with a {@code #anchor}, a heading
 * of the page it names, by GitHub's rules for heading anchors. Every page of docs/ says in its
 * first paragraph what it covers and links back to the README, and the README links to every
 * page. Links to other sites are not followed. No Spark.
 */
class DocsLinksTest {

  /**
   * An inline link or image, {@code [text](target "title")}, its text on one line or several of
   * one paragraph; the target may be in angle brackets.
   */
  private static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\]\\n]|\\n(?![ \\t]*\\n))*\\]"
      + "\\(\\s*(?:<([^>]*)>|([^)\\s]*))(?:\\s+\"[^\"]*\")?\\s*\\)");

  /** A link reference definition, {@code [name]: target}. */
  private static final Pattern REFERENCE =
      Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)", Pattern.MULTILINE);

  /** A link or image in HTML. */
  private static final Pattern HTML =
      Pattern.compile("<(?:a|img)\\b[^>]*?\\b(?:href|src)=\"([^\"]*)\"");

  /** An anchor set in HTML, {@code <a id="x">} or {@code <a name="x">}. */
  private static final Pattern HTML_ANCHOR =
      Pattern.compile("<a\\b[^>]*?\\b(?:id|name)=\"([^\"]*)\"");

  /** An ATX heading, {@code ## Text}, with its optional closing hashes. */
  private static final Pattern HEADING =
      Pattern.compile("^ {0,3}#{1,6}(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");

  /** A code span: a run of backticks, the code, the same run. */
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

  /** A URI with a scheme ({@code https:}, {@code mailto:}) or a protocol-relative one. */
  private static final Pattern EXTERNAL = Pattern.compile("^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)");

  /** A line anchor of GitHub's file view, {@code #L10} or {@code #L10-L20}. */
  private static final Pattern LINE_ANCHOR = Pattern.compile("^L\\d+(?:-L\\d+)?$");

  /** The repository's root folder. */
  private static Path root() {
    return Paths.get(System.getProperty("sparkbackprop.basedir", System.getProperty("user.dir")))
        .toAbsolutePath().normalize();
  }

  /** README.md and every Markdown file under docs/, in a stable order. */
  static List<Path> pages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.walk(docs)) {
        files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
      }
    }
    return pages;
  }

  /** A link as written: the page and line it is on, and its target. */
  static final class Link {
    final Path page;
    final int line;
    final String target;

    Link(Path page, int line, String target) {
      this.page = page;
      this.line = line;
      this.target = target;
    }
  }

  /** The lines of a page outside fenced code blocks (the others blank, to keep numbering). */
  static List<String> prose(List<String> lines) {
    List<String> prose = new ArrayList<>();
    String fence = null;
    for (String line : lines) {
      String trimmed = line.stripLeading();
      if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
        fence = trimmed.substring(0, 3);
        prose.add("");
      } else if (fence != null) {
        if (trimmed.startsWith(fence)) {
          fence = null;
        }
        prose.add("");
      } else {
        prose.add(line);
      }
    }
    return prose;
  }

  /** The links of a page, outside code blocks and code spans. */
  static List<Link> links(Path page) throws IOException {
    List<Link> links = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String line : prose(Files.readAllLines(page, StandardCharsets.UTF_8))) {
      text.append(CODE_SPAN.matcher(line).replaceAll("")).append('\n');
    }
    for (Pattern pattern : List.of(INLINE, REFERENCE, HTML)) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        String target = m.group(1) != null ? m.group(1)
            : m.groupCount() > 1 ? m.group(2) : null;
        int line = 1 + (int) text.subSequence(0, m.start()).chars().filter(c -> c == '\n').count();
        links.add(new Link(page, line, target == null ? "" : target.trim()));
      }
    }
    links.sort(Comparator.comparingInt(link -> link.line));
    return links;
  }

  /**
   * The anchor GitHub gives a heading: its text as rendered (links to their text, code and
   * emphasis marks and HTML tags dropped), lower-cased, every character but letters, digits,
   * marks, {@code _}, {@code -} and spaces dropped, and each space turned into {@code -}.
   */
  static String anchor(String heading) {
    String text = heading
        .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
        .replaceAll("<[^>]+>", "")
        .replace("`", "")
        .replace("*", "")
        .toLowerCase(Locale.ROOT);
    StringBuilder slug = new StringBuilder();
    text.codePoints().forEach(c -> {
      int type = Character.getType(c);
      if (c == ' ') {
        slug.append('-');
      } else if (c == '-' || Character.isLetterOrDigit(c)
          || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
          || type == Character.ENCLOSING_MARK || type == Character.CONNECTOR_PUNCTUATION) {
        slug.appendCodePoint(c);
      }
    });
    return slug.toString();
  }

  /** The anchors of a page: its headings' (a repeated one numbered -1, -2, ...) and HTML ids. */
  static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : prose(Files.readAllLines(page, StandardCharsets.UTF_8))) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String base = anchor(heading.group(1) == null ? "" : heading.group(1));
        int count = seen.merge(base, 1, Integer::sum);
        anchors.add(count == 1 ? base : base + "-" + (count - 1));
      }
      Matcher html = HTML_ANCHOR.matcher(line);
      while (html.find()) {
        anchors.add(html.group(1));
      }
    }
    return anchors;
  }

  /** Where a relative link leads, or null for a link to another site. */
  static Path resolve(Path root, Link link) {
    String path = link.target;
    int hash = path.indexOf('#');
    if (hash >= 0) {
      path = path.substring(0, hash);
    }
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (path.isEmpty()) {
      return link.page;
    }
    return (path.startsWith("/") ? root.resolve(path.substring(1))
        : link.page.getParent().resolve(path)).normalize();
  }

  /** What is wrong with the links of the pages under {@code root}, one line per problem. */
  static List<String> problems(Path root) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<Path, Set<String>> anchorsByPage = new HashMap<>();
    List<Path> pages = pages(root);
    Map<Path, Set<Path>> linkedFrom = new HashMap<>();
    for (Path page : pages) {
      for (Link link : links(page)) {
        String where = root.relativize(page) + ":" + link.line + ": (" + link.target + ")";
        if (link.target.isEmpty()) {
          problems.add(where + " has no target");
          continue;
        }
        if (EXTERNAL.matcher(link.target).find()) {
          continue;
        }
        Path target = resolve(root, link);
        if (!target.startsWith(root)) {
          problems.add(where + " leads out of the repository");
          continue;
        }
        if (!Files.exists(target)) {
          problems.add(where + ": no file " + root.relativize(target));
          continue;
        }
        linkedFrom.computeIfAbsent(page, p -> new LinkedHashSet<>()).add(target);
        int hash = link.target.indexOf('#');
        if (hash < 0) {
          continue;
        }
        String fragment = link.target.substring(hash + 1);
        if (target.toString().endsWith(".md") && Files.isRegularFile(target)) {
          Set<String> anchors = anchorsByPage.computeIfAbsent(target, p -> {
            try {
              return anchors(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
          if (!anchors.contains(fragment)) {
            problems.add(where + ": no heading #" + fragment + " in " + root.relativize(target)
                + " (its anchors: " + String.join(", ", anchors) + ")");
          }
        } else if (!Files.isRegularFile(target) || !LINE_ANCHOR.matcher(fragment).matches()) {
          problems.add(where + ": #" + fragment + " is no anchor of " + root.relativize(target));
        }
      }
    }
    Path readme = root.resolve("README.md");
    Set<Path> fromReadme = linkedFrom.getOrDefault(readme, Set.of());
    for (Path page : pages.subList(1, pages.size())) {
      if (!fromReadme.contains(page)) {
        problems.add("README.md does not link to " + root.relativize(page));
      }
      if (!firstParagraphLinksTo(root, page)) {
        problems.add(root.relativize(page) + ": its first paragraph does not say what the page"
            + " covers with a link back to the README");
      }
    }
    return problems;
  }

  /** Whether the paragraph after a page's title has a link to the README. */
  static boolean firstParagraphLinksTo(Path root, Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    int i = 0;
    while (i < lines.size() && (lines.get(i).isBlank() || lines.get(i).startsWith("# "))) {
      i++;
    }
    StringBuilder paragraph = new StringBuilder();
    while (i < lines.size() && !lines.get(i).isBlank()) {
      paragraph.append(lines.get(i++)).append(' ');
    }
    Matcher m = INLINE.matcher(CODE_SPAN.matcher(paragraph).replaceAll(""));
    while (m.find()) {
      String target = m.group(1) != null ? m.group(1) : m.group(2);
      if (!EXTERNAL.matcher(target).find()
          && resolve(root, new Link(page, 0, target)).equals(root.resolve("README.md"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyRelativeLinkResolves() throws IOException {
    Path root = root();
    assertTrue(Files.isRegularFile(root.resolve("README.md")), "no README.md in " + root);
    assertTrue(pages(root).size() > 5, "docs/ has no pages: " + pages(root));
    List<String> problems = problems(root);
    assertTrue(problems.isEmpty(), problems.size() + " broken links or pages:\n"
        + String.join("\n", problems));
  }

  @Test
  void headingsGetGitHubsAnchors() {
    assertEquals("execution-modes-barrier-stages", anchor("Execution modes: barrier stages"));
    assertEquals("vector-targets-multi-output-regression-and-multi-label-classification",
        anchor("Vector targets: multi-output regression and multi-label classification"));
    assertEquals("spark-submit-and-a-standalone-cluster-without-a-spark-download",
        anchor("spark-submit and a standalone cluster without a Spark download"));
    assertEquals("the-executionmode-param--localsteps",
        anchor("The `executionMode` param & [localSteps](training.md)"));
    assertEquals("python-310-and-__init__py", anchor("Python 3.10 and `__init__.py`"));
    assertEquals("fast-defaults-what-a-mini-batch-solver-chooses",
        anchor("Fast defaults: what a mini-batch solver chooses"));
    assertEquals("caf-é", anchor("Caf é"));
  }

  @Test
  void brokenLinksAreFound(@TempDir Path tmp) throws IOException {
    Path root = tmp.toRealPath();
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/a.md"), String.join("\n",
        "# Page A", "", "What A covers; back to the [README](../README.md).", "",
        "## Good heading", "", "## Twice", "", "## Twice", "",
        "[back](../README.md#two-commands), [self](#twice-1), [gone](#nowhere)", ""));
    Files.writeString(root.resolve("docs/b.md"), String.join("\n",
        "# Page B", "", "No link back here.", ""));
    Files.writeString(root.resolve("README.md"), String.join("\n",
        "# Project", "", "## Two commands", "",
        "[A](docs/a.md), [A's heading](docs/a.md#good-heading), [anchor](docs/a.md#bad-heading)",
        "[missing](docs/missing.md) and ![image](docs/img.png \"title\")",
        "[site](https://example.com/nothing), `[code](docs/in-code.md)`, [root](/docs/a.md)",
        "[folder](docs/), [out](../../elsewhere.md), [text on", "two lines](docs/gone.md)", "",
        "```", "[in a block](docs/in-block.md)", "```", "",
        "[ref]: docs/missing-ref.md", ""));
    List<String> problems = problems(root);
    List<String> expected = List.of(
        "README.md:5: (docs/a.md#bad-heading): no heading #bad-heading",
        "README.md:6: (docs/missing.md): no file docs/missing.md",
        "README.md:6: (docs/img.png): no file docs/img.png",
        "README.md:8: (../../elsewhere.md) leads out of the repository",
        "README.md:8: (docs/gone.md): no file docs/gone.md",
        "README.md:15: (docs/missing-ref.md): no file docs/missing-ref.md",
        "docs/a.md:11: (#nowhere): no heading #nowhere",
        "README.md does not link to docs/b.md",
        "docs/b.md: its first paragraph does not say");
    assertEquals(expected.size(), problems.size(), String.join("\n", problems));
    for (String start : expected) {
      assertTrue(problems.stream().anyMatch(p -> p.startsWith(start)),
          "not reported: " + start + "\nreported:\n" + String.join("\n", problems));
    }
    // a sound tree has none
    Files.writeString(root.resolve("README.md"), "# Project\n\n[A](docs/a.md), [B](docs/b.md)\n");
    Files.writeString(root.resolve("docs/a.md"), "# A\n\nA; back to the [README](../README.md)."
        + "\n\n## Twice\n\n## Twice\n\n[self](#twice-1)\n");
    Files.writeString(root.resolve("docs/b.md"), "# B\n\nB; [README](../README.md#project).\n");
    assertEquals(List.of(), problems(root));
  }
}
