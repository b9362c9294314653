package io.github.sparkbackprop.nn;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

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
    return new Weights(null, rounded(weights));
  }

  /** The precision the weights travel in, and so the one the passes run in. */
  public Precision precision() {
    return floats != null && doubles == null ? Precision.FLOAT : Precision.DOUBLE;
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
      f = rounded(doubles);
      derivedFloats = f;
    }
    return f;
  }

  private static float[] rounded(double[] weights) {
    float[] f = new float[weights.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) weights[i];
    }
    return f;
  }

  // As raw bytes (RawArrays): Java's own array serialisation is far slower here.
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    RawArrays.writeDoubles(out, doubles);
    RawArrays.writeFloats(out, floats);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    doubles = RawArrays.readDoubles(in);
    floats = RawArrays.readFloats(in);
  }
}
