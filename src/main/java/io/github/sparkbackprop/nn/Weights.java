package io.github.sparkbackprop.nn;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The flat weight vector as it travels to the executors for one pass: in double precision, or
 * already rounded to single precision when the network runs in {@code float} (half the bytes to
 * broadcast, and no conversion in every task). The other form is derived on first use and kept
 * for the pass.
 */
public final class Weights implements Serializable {

  private static final long serialVersionUID = 1L;

  private transient double[] doubles;
  private transient float[] floats;
  private transient volatile double[] derivedDoubles;
  private transient volatile float[] derivedFloats;

  private Weights(double[] doubles, float[] floats) {
    this.doubles = doubles;
    this.floats = floats;
  }

  /** Wraps (no copy) double-precision weights. */
  public static Weights of(double[] weights) {
    return new Weights(weights, null);
  }

  /** Rounds {@code weights} to single precision into a new vector. */
  public static Weights singlePrecision(double[] weights) {
    float[] f = new float[weights.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) weights[i];
    }
    return new Weights(null, f);
  }

  /** Number of parameters. */
  public int size() {
    return doubles != null ? doubles.length : floats.length;
  }

  /** The weights in double precision. */
  public double[] doubles() {
    if (doubles != null) {
      return doubles;
    }
    double[] d = derivedDoubles;
    if (d == null) {
      d = new double[floats.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = floats[i];
      }
      derivedDoubles = d;
    }
    return d;
  }

  /** The weights in single precision. */
  public float[] floats() {
    if (floats != null) {
      return floats;
    }
    float[] f = derivedFloats;
    if (f == null) {
      f = new float[doubles.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) doubles[i];
      }
      derivedFloats = f;
    }
    return f;
  }

  // Raw little-endian bytes: one bulk memory copy on x86 even before the JIT compiles this
  // rarely-called method, where Java's own array serialisation loops element by element.
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    boolean single = floats != null;
    out.writeBoolean(single);
    ByteBuffer bytes = ByteBuffer.allocate(single ? 4 * floats.length : 8 * doubles.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    if (single) {
      bytes.asFloatBuffer().put(floats);
    } else {
      bytes.asDoubleBuffer().put(doubles);
    }
    out.writeInt(bytes.capacity());
    out.write(bytes.array());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    boolean single = in.readBoolean();
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (single) {
      floats = new float[bytes.length / 4];
      buffer.asFloatBuffer().get(floats);
    } else {
      doubles = new double[bytes.length / 8];
      buffer.asDoubleBuffer().get(doubles);
    }
  }
}
