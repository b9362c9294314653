package io.github.sparkbackprop.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback, started and stopped with {@code scripts/cluster} (so
 * that the tests exercise the script users run), its files in a folder of the test's.
 *
 * <p>{@link #close()} runs {@code scripts/cluster stop}, then kills whatever it left alive of
 * the Master, the Workers and their executors, by the PIDs recorded at start: a failed test, or
 * a broken script, never leaves a JVM behind. A shutdown hook does the same if the test JVM
 * exits without closing.
 */
public final class StandaloneCluster implements AutoCloseable {

  private final Path dir;
  private final String masterUrl;
  private final List<ProcessHandle> daemons;
  private final Thread shutdownHook;
  private boolean closed;
  private List<Long> leftByScript = List.of();
  private String stopLog = "";

  private StandaloneCluster(Path dir, String masterUrl, List<ProcessHandle> daemons) {
    this.dir = dir;
    this.masterUrl = masterUrl;
    this.daemons = daemons;
    this.shutdownHook = new Thread(this::stopAll, "stop standalone cluster " + dir);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a Master and {@code workers} Workers of {@code cores} cores each, with their files
   * in {@code dir}.
   *
   * @throws AssertionError if the script fails (after stopping what it started)
   */
  public static StandaloneCluster start(Path dir, int workers, int cores) {
    Map<String, String> env = Map.of(
        "CLUSTER_DIR", dir.toString(),
        "WORKER_CORES", Integer.toString(cores),
        "WORKER_MEMORY", "1g");
    Path log = dir.resolve("cluster-start.log");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ChildProcess script = ChildProcess.start("scripts/cluster start",
        List.of("bash", ChildProcess.basedir().resolve("scripts/cluster").toString(), "start",
            Integer.toString(workers)), env, log)) {
      int status = script.waitFor(Duration.ofMinutes(4));
      List<ProcessHandle> daemons = daemons(dir);
      if (status != 0) {
        daemons.forEach(ChildProcess::stop);
        throw new AssertionError("scripts/cluster start " + workers + " failed (status " + status
            + "):\n" + script.logTail(60));
      }
      String url = Files.readString(dir.resolve("master-url")).trim();
      return new StandaloneCluster(dir, url, daemons);
    } catch (IOException e) {
      daemons(dir).forEach(ChildProcess::stop);
      throw new UncheckedIOException(e);
    }
  }

  /** The master URL, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return masterUrl;
  }

  /** The cluster's folder: PID files, logs/, and work/worker-N/APP/EXECUTOR/. */
  public Path dir() {
    return dir;
  }

  /** The JVMs started: the Master and the Workers. */
  public List<ProcessHandle> daemons() {
    return new ArrayList<>(daemons);
  }

  /** Runs {@code scripts/cluster stop}, then stops whatever it left alive. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (ChildProcess script = ChildProcess.start("scripts/cluster stop",
        List.of("bash", ChildProcess.basedir().resolve("scripts/cluster").toString(), "stop"),
        Map.of("CLUSTER_DIR", dir.toString()), dir.resolve("cluster-stop.log"))) {
      script.waitFor(Duration.ofMinutes(2));
      // a JVM that has exited stays visible until the system reaps it: give that a moment
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (daemons.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      leftByScript = daemons.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
          .collect(Collectors.toList());
      stopLog = script.output();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
    }
  }

  /**
   * After {@link #close()}: the PIDs of the cluster's JVMs that {@code scripts/cluster stop}
   * left alive (and {@code close} then killed); empty when the script did its job.
   */
  public List<Long> leftAliveByStopScript() {
    return leftByScript;
  }

  /** After {@link #close()}: what {@code scripts/cluster stop} printed. */
  public String stopScriptOutput() {
    return stopLog;
  }

  private void stopAll() {
    daemons.forEach(ChildProcess::stop);
  }

  /** The live JVMs named by the PID files of {@code dir}. */
  private static List<ProcessHandle> daemons(Path dir) {
    List<ProcessHandle> handles = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.getFileName().toString().endsWith(".pid")) {
          continue;
        }
        long pid = Long.parseLong(Files.readString(file).trim());
        ProcessHandle.of(pid).ifPresent(handles::add);
      }
    } catch (IOException | NumberFormatException e) {
      // no PID files yet (the script failed before starting anything)
    }
    return handles;
  }
}
