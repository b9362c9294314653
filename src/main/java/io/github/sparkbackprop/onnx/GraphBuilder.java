package io.github.sparkbackprop.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Builds one ONNX graph. ONNX requires every value (input, initializer, node output) to have a
 * name of its own; the builder hands out fresh internal names and refuses a name claimed twice,
 * so a column that happens to be called like an internal value cannot break the graph.
 * Initializers and constants are stored in the graph's element type: {@code double} or
 * {@code float}, the precision the network computes in.
 */
final class GraphBuilder {

  /** The symbolic name of the batch dimension (the number of rows) in every declared shape. */
  static final String BATCH = "N";

  /** Marks the batch dimension in the {@code dims} of {@link #input} and {@link #output}. */
  static final long BATCH_DIM = -1;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  private final Map<Double, String> scalars = new HashMap<>();
  private final int elementType;

  /**
   * @param name the graph's name
   * @param singlePrecision whether the arithmetic, weights and constants are {@code float}
   *     (otherwise {@code double})
   */
  GraphBuilder(String name, boolean singlePrecision) {
    graph.setName(name);
    this.elementType = singlePrecision
        ? TensorProto.DataType.FLOAT_VALUE : TensorProto.DataType.DOUBLE_VALUE;
  }

  /** The {@code TensorProto.DataType} of the arithmetic: {@code FLOAT} or {@code DOUBLE}. */
  int elementType() {
    return elementType;
  }

  /**
   * Reserves a name chosen by the caller (an input or output the user will look up by name).
   *
   * @throws IllegalArgumentException if the name is empty or already taken
   */
  String claim(String name, String role) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("The ONNX " + role + " needs a name; got an empty one");
    }
    if (!names.add(name)) {
      throw new IllegalArgumentException("The ONNX " + role + " '" + name + "' has the name of"
          + " another input or output of the graph; give each a name of its own");
    }
    return name;
  }

  /** A name not used yet: {@code hint}, or {@code hint_2}, {@code hint_3}, ... */
  String fresh(String hint) {
    String name = hint;
    for (int i = 2; names.contains(name); i++) {
      name = hint + "_" + i;
    }
    names.add(name);
    return name;
  }

  /** Declares a graph input of a claimed name. */
  void input(String name, int dataType, long... dims) {
    graph.addInput(valueInfo(name, dataType, dims));
  }

  /** Declares a graph output of a claimed name, which some node must produce. */
  void output(String name, int dataType, long... dims) {
    graph.addOutput(valueInfo(name, dataType, dims));
  }

  /**
   * Adds an initializer of the element type holding {@code values[offset .. offset+length)},
   * rounded to {@code float} in single precision.
   *
   * @return its name
   */
  String initializer(String hint, double[] values, int offset, int length, long... dims) {
    TensorProto.Builder tensor = TensorProto.newBuilder()
        .setName(fresh(hint))
        .setDataType(elementType);
    for (long d : dims) {
      tensor.addDims(d);
    }
    if (elementType == TensorProto.DataType.FLOAT_VALUE) {
      for (int i = offset, end = offset + length; i < end; i++) {
        tensor.addFloatData((float) values[i]);
      }
    } else {
      for (int i = offset, end = offset + length; i < end; i++) {
        tensor.addDoubleData(values[i]);
      }
    }
    graph.addInitializer(tensor);
    return tensor.getName();
  }

  /** A scalar constant of the element type, declared once per value and shared. */
  String scalar(double value) {
    return scalars.computeIfAbsent(value,
        v -> initializer("const/" + v, new double[] {v}, 0, 1));
  }

  /** A one-dimensional {@code int64} initializer, such as the axes of {@code Squeeze}. */
  String int64s(String hint, long... values) {
    TensorProto.Builder tensor = TensorProto.newBuilder()
        .setName(fresh(hint))
        .setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length);
    for (long v : values) {
      tensor.addInt64Data(v);
    }
    graph.addInitializer(tensor);
    return tensor.getName();
  }

  /**
   * Adds a node of the default ONNX domain.
   *
   * @param opType the operator, e.g. {@code "Gemm"}
   * @param output the name of its one output, from {@link #fresh} or {@link #claim}
   * @param inputs the names of its inputs, in the operator's order
   * @param attributes its attributes
   * @return {@code output}
   */
  String node(String opType, String output, String[] inputs, AttributeProto... attributes) {
    graph.addNode(NodeProto.newBuilder()
        .setOpType(opType)
        .setName(output)
        .addAllInput(Arrays.asList(inputs))
        .addOutput(output)
        .addAllAttribute(Arrays.asList(attributes)));
    return output;
  }

  /** Shorthand for a node whose output gets a fresh name from {@code hint}. */
  String apply(String opType, String hint, String... inputs) {
    return node(opType, fresh(hint), inputs);
  }

  /** An integer attribute. */
  static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  GraphProto build() {
    return graph.build();
  }

  private static ValueInfoProto valueInfo(String name, int dataType, long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d == BATCH_DIM
          ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH)
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(dataType).setShape(shape)))
        .build();
  }
}
