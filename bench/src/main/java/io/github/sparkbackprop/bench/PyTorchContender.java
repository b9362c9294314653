package io.github.sparkbackprop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * PyTorch on the same Fashion-MNIST task, in its own process: {@code
 * bench/python/pytorch_fashion_mnist.py} under the Python that has Debian's {@code python3-torch},
 * with as many threads as the machine has cores (OpenMP and OpenBLAS alike). Its classic recipe
 * and this library's fast recipe; their figures join the benchmark's own as "PyTorch ..."
 * measurements. Where {@code torch} cannot be imported, one line says so and the part is skipped.
 */
final class PyTorchContender {

  private static final String SCRIPT = "bench/python/pytorch_fashion_mnist.py";

  private final String python;
  private final Path dataDir;
  private final boolean quick;

  PyTorchContender(String python, Path dataDir, boolean quick) {
    this.python = python;
    this.dataDir = dataDir;
    this.quick = quick;
  }

  /** Runs both recipes; returns their accuracy curves (training seconds, test accuracy). */
  Map<String, List<double[]>> run(Consumer<Measurement> record) {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    String missing = torchMissing();
    if (missing != null) {
      System.out.println("PyTorch part skipped: " + missing);
      record.accept(new Measurement("pytorch", "skipped").put("reason", missing));
      return curves;
    }
    int threads = Runtime.getRuntime().availableProcessors();
    List<String> command = new ArrayList<>(List.of(python, Paths.get(SCRIPT).toString(),
        dataDir.toString(), String.valueOf(threads)));
    if (quick) {
      command.add("--quick");
    }
    ObjectMapper json = new ObjectMapper();
    try {
      Process process = start(command, threads);
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          JsonNode node = json.readTree(line);
          if (node.has("torch")) {
            record.accept(new Measurement("environment", "PyTorch")
                .put("torch", node.get("torch").asText())
                .put("threads", node.get("threads").asInt())
                .put("blas", node.get("blas").asText()));
          } else if (node.has("epoch")) {
            String name = label(node);
            double seconds = node.get("trainingSeconds").asDouble();
            double accuracy = node.get("testAccuracy").asDouble();
            curves.computeIfAbsent(name, k -> new ArrayList<>())
                .add(new double[] {seconds, accuracy});
            record.accept(new Measurement("accuracy curve", name)
                .put("iterations", node.get("epoch").asInt())
                .put("trainingSeconds", seconds).put("testAccuracy", accuracy));
          } else {
            record.accept(new Measurement("time to accuracy", label(node))
                .put("secondsTo85", number(node, "secondsTo85"))
                .put("secondsTo88", number(node, "secondsTo88"))
                .put("secondsTo89", number(node, "secondsTo89"))
                .put("bestAccuracy", number(node, "bestAccuracy")));
          }
        }
      }
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException("the PyTorch contender (" + String.join(" ", command)
            + ") exited with " + exit + "; its error output is above");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return curves;
  }

  /** Why {@code torch} cannot be used, or {@code null} when it can. */
  private String torchMissing() {
    try {
      Process check = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true)
          .start();
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (check.waitFor() != 0) {
        return python + " cannot import torch (install Debian's python3-torch, or pass --python"
            + " with a Python that has it): " + output.strip().replaceAll("\\s+", " ");
      }
      return null;
    } catch (IOException e) {
      return "cannot run " + python + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static Process start(List<String> command, int threads) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(
        ProcessBuilder.Redirect.INHERIT);
    // The JVM runs with one OpenBLAS thread per Spark task; PyTorch gets every core itself.
    builder.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
    builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
    return builder.start();
  }

  private static String label(JsonNode node) {
    return "PyTorch " + node.get("recipe").asText() + " recipe";
  }

  private static double number(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }
}
