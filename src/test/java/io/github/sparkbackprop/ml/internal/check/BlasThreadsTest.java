package io.github.sparkbackprop.ml.internal.check;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Blas;
import org.junit.jupiter.api.Test;

/** The warning about native BLAS threads: when it is due, and that it names the fix. */
class BlasThreadsTest {

  @Test
  void moreThanOneThreadPerCallOnSeveralCoresIsWarnedAboutWithTheFix() {
    String warning = BlasThreads.warning(8, 8, "JNIBLAS: native libblas.so.3, 8 threads");
    assertTrue(warning.contains("8 threads per call") && warning.contains("8 cores"), warning);
    assertTrue(warning.contains("spark.executorEnv.OPENBLAS_NUM_THREADS=1")
        && warning.contains("twice as slowly"), warning);
  }

  @Test
  void oneThreadPerCallOrOneCoreOrAnUnknownCountIsNotWarnedAbout() {
    assertNull(BlasThreads.warning(1, 8, "one thread"));
    assertNull(BlasThreads.warning(4, 1, "one core"));
    assertNull(BlasThreads.warning(-1, 8, "cannot tell"));
  }

  @Test
  void theCheckReturnsTheDescriptionOfTheBlasInUse() {
    assertTrue(BlasThreads.checkOncePerJvm().startsWith(Blas.implementationName()));
  }
}
