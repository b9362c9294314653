package io.github.sparkbackprop.nn;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The BLAS every GEMM here goes through: Spark's own {@code dev.ludovic.netlib}, which uses the
 * machine's native BLAS ({@code libblas.so.3}, e.g. OpenBLAS) when it can load it and a pure-Java
 * implementation otherwise.
 */
public final class Blas {

  private Blas() {}

  /** The BLAS instance in use. */
  public static BLAS get() {
    return Holder.INSTANCE;
  }

  /**
   * The implementation in use, for reports: {@code JNIBLAS} is the native library, {@code
   * VectorBLAS} Java with the incubating Vector API, {@code Java11BLAS}/{@code Java8BLAS} plain
   * Java.
   */
  public static String implementationName() {
    return get().getClass().getSimpleName();
  }

  /** Whether a native BLAS library was loaded. */
  public static boolean isNative() {
    return get() instanceof dev.ludovic.netlib.blas.NativeBLAS;
  }

  /**
   * The native BLAS library this process loaded, from the memory map of the process (Linux), or
   * {@code null} when none is native or the map cannot be read.
   */
  public static String nativeLibrary() {
    if (!isNative()) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/maps"),
          StandardCharsets.UTF_8)) {
        int slash = line.indexOf('/');
        String path = slash < 0 ? "" : line.substring(slash).trim();
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.contains("blas") && !name.contains("netlib") || name.contains("mkl_rt")) {
          return path;
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /**
   * The threads the native BLAS runs per call, where it can tell: for OpenBLAS its own variables
   * ({@code OPENBLAS_NUM_THREADS}, then {@code GOTO_NUM_THREADS}, then {@code OMP_NUM_THREADS})
   * or, unset, one per core (its default); 1 for its single-threaded build; for MKL
   * {@code MKL_NUM_THREADS}, then {@code OMP_NUM_THREADS}, or one per core. -1 when it cannot
   * tell (a Java BLAS runs one thread).
   *
   * @param env the environment to read (the process's own in use)
   */
  public static int threadsPerCall(String library, java.util.Map<String, String> env) {
    if (library == null) {
      return -1;
    }
    String lib = library.toLowerCase(Locale.ROOT);
    int cores = Runtime.getRuntime().availableProcessors();
    if (lib.contains("openblas")) {
      if (lib.contains("serial")) {
        return 1;
      }
      return firstCount(env, cores, "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
          "OMP_NUM_THREADS");
    }
    if (lib.contains("mkl")) {
      return firstCount(env, cores, "MKL_NUM_THREADS", "OMP_NUM_THREADS");
    }
    return -1;
  }

  private static int firstCount(java.util.Map<String, String> env, int otherwise,
      String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.trim().isEmpty()) {
        try {
          int n = Integer.parseInt(value.trim());
          return n > 0 ? n : otherwise;
        } catch (NumberFormatException e) {
          return otherwise;
        }
      }
    }
    return otherwise;
  }

  /**
   * The BLAS in use, in one line for summaries and logs: the implementation, the native library
   * and its threads per call where known, e.g. {@code "JNIBLAS: native
   * /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3, 1 thread per call"}.
   */
  public static String describe() {
    String library = nativeLibrary();
    if (!isNative()) {
      return implementationName() + ": Java, no native BLAS loaded (install OpenBLAS, e.g."
          + " Debian's libopenblas0-pthread, for native speed)";
    }
    int threads = threadsPerCall(library, System.getenv());
    return implementationName() + ": native " + (library == null ? "BLAS" : library)
        + (threads > 0 ? ", " + threads + (threads == 1 ? " thread" : " threads") + " per call"
            : "");
  }

  private static final class Holder {
    static final BLAS INSTANCE = BLAS.getInstance();
  }
}
