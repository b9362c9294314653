package io.github.sparkbackprop.ml.internal.data;

import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import java.io.Serializable;

/**
 * What the labels must look like, and so how many values each row's label gives the network:
 * class indices (with an optional declared count), reals, vectors of reals (multi-output
 * regression), or sets of label indices (multi-label classification, each row's set stored as
 * one 0/1 target per label).
 */
public final class LabelKind implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The largest number of classes (output units) accepted. */
  public static final int MAX_CLASSES = 100_000;

  /** The shape of one row's label. */
  enum Shape {
    CLASS_INDEX,
    REAL,
    REAL_VECTOR,
    LABEL_SET
  }

  private final Shape shape;
  /** Classes declared by metadata, a vector's declared size, or the labels of a set; or -1. */
  private final int declaredCount;

  private LabelKind(Shape shape, int declaredCount) {
    this.shape = shape;
    this.declaredCount = declaredCount;
  }

  /** Class indices {@code 0..k-1}; {@code declaredNumClasses} from metadata, or -1. */
  public static LabelKind classes(int declaredNumClasses) {
    return new LabelKind(Shape.CLASS_INDEX, declaredNumClasses);
  }

  /** Real values (regression). */
  public static LabelKind real() {
    return new LabelKind(Shape.REAL, -1);
  }

  /**
   * Vectors of real values, the same number on every row (multi-output regression).
   *
   * @param declaredSize the size the column's metadata declares, or -1
   */
  public static LabelKind realVectors(int declaredSize) {
    return new LabelKind(Shape.REAL_VECTOR, declaredSize);
  }

  /**
   * Arrays of label indices {@code 0..numLabels-1} (multi-label classification).
   *
   * @param numLabels the number of labels if set, or -1 to infer it from the data (the largest
   *     index + 1)
   */
  public static LabelKind labelSets(int numLabels) {
    return new LabelKind(Shape.LABEL_SET, numLabels);
  }

  /** Whether the labels are class indices, one per row. */
  public boolean isClassification() {
    return shape == Shape.CLASS_INDEX;
  }

  /** Whether each label is a vector of reals. */
  public boolean isRealVector() {
    return shape == Shape.REAL_VECTOR;
  }

  /** Whether each label is a set of label indices. */
  public boolean isLabelSet() {
    return shape == Shape.LABEL_SET;
  }

  /** What the schema check requires of the label column. */
  public SchemaChecks.LabelColumn column() {
    switch (shape) {
      case CLASS_INDEX:
        return SchemaChecks.LabelColumn.CLASS_INDEX;
      case LABEL_SET:
        return SchemaChecks.LabelColumn.LABEL_INDICES;
      default:
        return SchemaChecks.LabelColumn.REAL_OR_VECTOR;
    }
  }

  /** Number of classes declared by the label column's metadata, or -1 if none. */
  public int declaredNumClasses() {
    return shape == Shape.CLASS_INDEX ? declaredCount : -1;
  }

  /** The number of labels of a label set, or -1 while it is not known yet. */
  public int numLabels() {
    return shape == Shape.LABEL_SET ? declaredCount : -1;
  }

  /** This kind of label sets with {@code numLabels} labels (once the data has told it). */
  LabelKind withNumLabels(int numLabels) {
    return new LabelKind(Shape.LABEL_SET, numLabels);
  }

  /** Output units the labels need if known before the data is read, else -1. */
  public int knownOutputs() {
    return shape == Shape.REAL ? 1 : declaredCount;
  }

  /** Why {@code label} is not acceptable, or {@code null} if it is. */
  String problemWith(double label, String labelCol) {
    if (!Double.isFinite(label)) {
      return "Column '" + labelCol + "' holds the label " + label
          + "; labels must be finite: drop such rows (na.drop) or fill them before training";
    }
    if (shape != Shape.CLASS_INDEX) {
      return null;
    }
    if (label < 0 || label != Math.rint(label)) {
      return "Column '" + labelCol + "' holds the label " + label
          + "; a classifier needs class indices 0, 1, 2, ...: index string or arbitrary labels"
          + " with StringIndexer";
    }
    if (declaredCount > 0 && label >= declaredCount) {
      return "Column '" + labelCol + "' holds the label " + label + " but its metadata declares "
          + declaredCount + " classes (0 to " + (declaredCount - 1)
          + "); fix the metadata or re-index the labels with StringIndexer";
    }
    if (label > MAX_CLASSES - 1) {
      return "Column '" + labelCol + "' holds the label " + label + "; at most " + MAX_CLASSES
          + " classes are supported: re-index the labels with StringIndexer";
    }
    return null;
  }

  /**
   * Why the label index {@code index} of a row's label array {@code indices} is not acceptable,
   * or {@code null} if it is; checked against {@link #numLabels()} once that is known.
   */
  String problemWithIndex(Double index, String labelCol, java.util.List<?> indices) {
    String where = "Column '" + labelCol + "' holds the label array " + indices;
    if (index == null) {
      return where + ", which contains a null; give each row an array of its label indices"
          + " without nulls";
    }
    double i = index;
    if (!(i >= 0) || Double.isInfinite(i) || i != Math.rint(i)) {
      return where + " with the label index " + index + "; label indices must be integers 0,"
          + " 1, 2, ...: index string labels with StringIndexer (one per label) first";
    }
    if (declaredCount > 0 && i >= declaredCount) {
      return where + " with the label index " + index + " but numLabels is " + declaredCount
          + " (indices 0 to " + (declaredCount - 1) + "); set numLabels to at least "
          + ((long) i + 1) + ", or leave it unset to take the largest index + 1";
    }
    if (i > MAX_CLASSES - 1) {
      return where + " with the label index " + index + "; at most " + MAX_CLASSES
          + " labels are supported: re-index the labels";
    }
    return null;
  }

  /** The message for a row whose label array is null. */
  static String nullLabelArray(String labelCol) {
    return "Column '" + labelCol + "' holds a null label array; give every row an array of its"
        + " label indices (an empty array for a row without labels), or drop such rows"
        + " (na.drop)";
  }
}
