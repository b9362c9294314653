package io.github.sparkbackprop.ml.internal.data;

import java.io.Serializable;

/** What the labels must look like: class indices (with an optional declared count) or reals. */
public final class LabelKind implements Serializable {

  private static final long serialVersionUID = 1L;

  private final boolean classification;
  private final int declaredNumClasses;

  private LabelKind(boolean classification, int declaredNumClasses) {
    this.classification = classification;
    this.declaredNumClasses = declaredNumClasses;
  }

  /** Class indices {@code 0..k-1}; {@code declaredNumClasses} from metadata, or -1. */
  public static LabelKind classes(int declaredNumClasses) {
    return new LabelKind(true, declaredNumClasses);
  }

  /** Real values (regression). */
  public static LabelKind real() {
    return new LabelKind(false, -1);
  }

  /** Whether the labels are class indices. */
  public boolean isClassification() {
    return classification;
  }

  /** Number of classes declared by the label column's metadata, or -1 if none. */
  public int declaredNumClasses() {
    return declaredNumClasses;
  }

  /** Why {@code label} is not acceptable, or {@code null} if it is. */
  String problemWith(double label, String labelCol) {
    if (!Double.isFinite(label)) {
      return "Column '" + labelCol + "' holds the label " + label
          + "; labels must be finite: drop such rows (na.drop) or fill them before training";
    }
    if (!classification) {
      return null;
    }
    if (label < 0 || label != Math.rint(label)) {
      return "Column '" + labelCol + "' holds the label " + label
          + "; a classifier needs class indices 0, 1, 2, ...: index string or arbitrary labels"
          + " with StringIndexer";
    }
    if (declaredNumClasses > 0 && label >= declaredNumClasses) {
      return "Column '" + labelCol + "' holds the label " + label + " but its metadata declares "
          + declaredNumClasses + " classes (0 to " + (declaredNumClasses - 1)
          + "); fix the metadata or re-index the labels with StringIndexer";
    }
    if (label > MAX_CLASSES - 1) {
      return "Column '" + labelCol + "' holds the label " + label + "; at most " + MAX_CLASSES
          + " classes are supported: re-index the labels with StringIndexer";
    }
    return null;
  }

  /** The largest number of classes (output units) accepted. */
  public static final int MAX_CLASSES = 100_000;
}
