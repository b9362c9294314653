package io.github.sparkbackprop.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The shape of a fully connected network: layer sizes, hidden activation and output loss, and
 * where each layer's parameters live in the one flat weight vector.
 *
 * <p>Layout of the flat vector, layer by layer ({@code l = 1..L}): the weight matrix
 * {@code W_l} ({@code size(l) x size(l-1)}, column-major) followed by the bias {@code b_l}
 * ({@code size(l)}). A layer is an offset into the vector, never a copy.
 */
public final class Topology implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The largest array the JVM reliably allocates. */
  public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

  private final int[] layerSizes;
  private final Activation hiddenActivation;
  private final OutputLoss outputLoss;
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final int numParameters;

  /**
   * Creates a topology.
   *
   * @param layerSizes sizes of all layers, input first and output last; at least two, all > 0
   * @param hiddenActivation activation of every hidden layer
   * @param outputLoss output transfer function and loss
   * @throws IllegalArgumentException on a size below 1 or too many parameters for one array
   */
  public Topology(int[] layerSizes, Activation hiddenActivation, OutputLoss outputLoss) {
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException(
          "A network needs at least an input and an output layer, got "
              + Arrays.toString(layerSizes));
    }
    for (int size : layerSizes) {
      if (size < 1) {
        throw new IllegalArgumentException(
            "Every layer needs at least one unit, got layer sizes " + Arrays.toString(layerSizes));
      }
    }
    this.layerSizes = layerSizes.clone();
    this.hiddenActivation = hiddenActivation;
    this.outputLoss = outputLoss;
    int layers = layerSizes.length - 1;
    this.weightOffsets = new int[layers];
    this.biasOffsets = new int[layers];
    long count = countParameters(layerSizes);
    if (count > MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "The network " + Arrays.toString(layerSizes) + " has " + count
              + " parameters, more than the " + MAX_PARAMETERS
              + " one weight vector can hold; use smaller hidden layers");
    }
    int offset = 0;
    for (int l = 0; l < layers; l++) {
      weightOffsets[l] = offset;
      offset += layerSizes[l] * layerSizes[l + 1];
      biasOffsets[l] = offset;
      offset += layerSizes[l + 1];
    }
    this.numParameters = offset;
  }

  /**
   * Parameter count of a network with these layer sizes, without building it; saturates at
   * {@link Long#MAX_VALUE} instead of overflowing for absurd sizes.
   */
  public static long countParameters(int[] layerSizes) {
    long count = 0;
    for (int l = 0; l + 1 < layerSizes.length; l++) {
      long layer = (long) layerSizes[l] * layerSizes[l + 1] + layerSizes[l + 1];
      count = count > Long.MAX_VALUE - layer ? Long.MAX_VALUE : count + layer;
    }
    return count;
  }

  /** Sizes of all layers, input first. */
  public int[] layerSizes() {
    return layerSizes.clone();
  }

  /** Size of layer {@code l}; 0 is the input. */
  public int layerSize(int l) {
    return layerSizes[l];
  }

  /** Number of weight layers (layers with parameters), i.e. {@code layerSizes().length - 1}. */
  public int numWeightLayers() {
    return layerSizes.length - 1;
  }

  /** Input width. */
  public int numInputs() {
    return layerSizes[0];
  }

  /** Output width. */
  public int numOutputs() {
    return layerSizes[layerSizes.length - 1];
  }

  /**
   * Label values per row that the output loss reads: 1 (a class index) for softmax, else one
   * target per output ({@link OutputLoss#labelsPerRow(int)}).
   */
  public int labelsPerRow() {
    return outputLoss.labelsPerRow(numOutputs());
  }

  /** The largest layer size, input included. */
  public int maxLayerSize() {
    return Arrays.stream(layerSizes).max().getAsInt();
  }

  /** Activation of the hidden layers. */
  public Activation hiddenActivation() {
    return hiddenActivation;
  }

  /** Output transfer function and loss. */
  public OutputLoss outputLoss() {
    return outputLoss;
  }

  /** Length of the flat weight vector. */
  public int numParameters() {
    return numParameters;
  }

  /**
   * Offset of weight layer {@code l}'s matrix (0-based: layer 0 maps the input to the first
   * hidden layer).
   */
  public int weightOffset(int l) {
    return weightOffsets[l];
  }

  /** Offset of weight layer {@code l}'s bias vector. */
  public int biasOffset(int l) {
    return biasOffsets[l];
  }

  /** {@code true} for connection weights, {@code false} for biases: what regularisation touches. */
  public boolean[] weightMask() {
    boolean[] mask = new boolean[numParameters];
    for (int l = 0; l < numWeightLayers(); l++) {
      Arrays.fill(mask, weightOffsets[l], biasOffsets[l], true);
    }
    return mask;
  }

  /**
   * Multiply-adds of one forward and backward pass for one row: the forward pass and the weight
   * gradient cost one multiply-add per weight each, propagating the error back costs one per
   * weight of every layer but the first (the input needs no error signal).
   */
  public long multiplyAddsPerRowForGradient() {
    long forward = 0;
    for (int l = 0; l < numWeightLayers(); l++) {
      forward += (long) layerSizes[l] * layerSizes[l + 1];
    }
    long firstLayer = (long) layerSizes[0] * layerSizes[1];
    return 2 * forward + (forward - firstLayer);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Topology)) {
      return false;
    }
    Topology t = (Topology) o;
    return Arrays.equals(layerSizes, t.layerSizes)
        && hiddenActivation == t.hiddenActivation
        && outputLoss.equals(t.outputLoss);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(layerSizes) * 31 + hiddenActivation.hashCode();
  }

  @Override
  public String toString() {
    return "Topology(" + Arrays.toString(layerSizes) + ", " + hiddenActivation + ", "
        + outputLoss + ")";
  }
}
