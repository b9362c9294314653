package io.github.sparkbackprop.ml.internal.check;

import io.github.sparkbackprop.nn.Blas;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native BLAS running more threads per call than one per Spark task: each task's GEMMs then
 * start a thread per core, the tasks' threads fight for the cores, and training runs about
 * twice as slowly. Checked where the GEMMs run (each executor's first task, the driver), warned
 * about once per JVM with the fix.
 */
public final class BlasThreads {

  private static final Logger LOG = LoggerFactory.getLogger(BlasThreads.class);
  private static final AtomicBoolean CHECKED = new AtomicBoolean();
  /** What {@link Blas#describe()} said: the same for the JVM's life, read once. */
  private static volatile String described;

  private BlasThreads() {}

  /**
   * Logs one warning per JVM if the native BLAS runs more than one thread per call while this
   * JVM has more than one core to run tasks on; returns {@link Blas#describe()} for reports.
   */
  public static String checkOncePerJvm() {
    if (described == null) {
      described = Blas.describe();
    }
    if (CHECKED.compareAndSet(false, true)) {
      String warning = warning(Blas.threadsPerCall(Blas.nativeLibrary(), System.getenv()),
          Runtime.getRuntime().availableProcessors(), described);
      if (warning != null) {
        LOG.warn(warning);
      }
    }
    return described;
  }

  /**
   * The warning for a native BLAS of {@code threads} threads per call in a JVM of
   * {@code cores} cores, or {@code null} when there is nothing to warn about.
   */
  static String warning(int threads, int cores, String described) {
    if (threads <= 1 || cores <= 1) {
      return null;
    }
    return "Native BLAS runs " + threads + " threads per call (" + described + ") and every"
        + " Spark task of this JVM calls it: with several tasks at once their threads fight for"
        + " the " + cores + " cores, and training runs about twice as slowly (an l-bfgs fit of"
        + " Fashion-MNIST took 22.5 s against 11.4 s with one thread). Set"
        + " OPENBLAS_NUM_THREADS=1 for the executors (spark.executorEnv.OPENBLAS_NUM_THREADS=1)"
        + " and, in local mode, in the driver's environment before it starts (PySpark's"
        + " sparkbackprop.with_jar and this project's scripts do both)";
  }
}
