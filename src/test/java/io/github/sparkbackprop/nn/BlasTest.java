package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the BLAS in use is, and how many threads it runs per call where that can be told. */
class BlasTest {

  private static final String OPENBLAS =
      "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3";
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void openBlasThreadsComeFromItsOwnVariablesThenOpenMpsThenTheCores() {
    assertEquals(1, Blas.threadsPerCall(OPENBLAS, Map.of("OPENBLAS_NUM_THREADS", "1",
        "OMP_NUM_THREADS", "8")));
    assertEquals(3, Blas.threadsPerCall(OPENBLAS, Map.of("GOTO_NUM_THREADS", "3")));
    assertEquals(4, Blas.threadsPerCall(OPENBLAS, Map.of("OMP_NUM_THREADS", "4")));
    assertEquals(CORES, Blas.threadsPerCall(OPENBLAS, Map.of()), "unset: one per core");
    assertEquals(CORES, Blas.threadsPerCall(OPENBLAS, Map.of("OPENBLAS_NUM_THREADS", "x")));
    assertEquals(1, Blas.threadsPerCall(
        "/usr/lib/x86_64-linux-gnu/openblas-serial/libblas.so.3", Map.of()), "serial build");
    assertEquals(2, Blas.threadsPerCall("/opt/intel/libmkl_rt.so", Map.of("MKL_NUM_THREADS",
        "2")));
    assertEquals(-1, Blas.threadsPerCall("/usr/lib/libblas.so.3", Map.of()),
        "the reference BLAS: cannot tell");
    assertEquals(-1, Blas.threadsPerCall(null, Map.of()), "no native library");
  }

  @Test
  void theDescriptionNamesTheImplementationAndTheNativeLibrary() {
    String described = Blas.describe();
    assertTrue(described.startsWith(Blas.implementationName() + ": "), described);
    if (Blas.isNative()) {
      String library = Blas.nativeLibrary();
      assertTrue(library != null && described.contains(library), described);
    } else {
      assertTrue(described.contains("no native BLAS"), described);
    }
  }
}
