package io.github.sparkbackprop.nn;

import dev.ludovic.netlib.blas.BLAS;

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

  private static final class Holder {
    static final BLAS INSTANCE = BLAS.getInstance();
  }
}
