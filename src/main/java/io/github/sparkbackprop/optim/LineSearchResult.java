package io.github.sparkbackprop.optim;

/** The outcome of one line search: the accepted point with its objective and gradient. */
final class LineSearchResult {

  enum Status {
    /** A point with a lower objective was found; {@code x}, {@code value}, {@code gradient} hold it. */
    ACCEPTED,
    /** Finite trial points were found but none lowered the objective. */
    NO_PROGRESS,
    /** Every trial point had a NaN or infinite objective or gradient. */
    NO_FINITE_POINT
  }

  final Status status;
  final double[] x;
  final double value;
  final double[] gradient;

  private LineSearchResult(Status status, double[] x, double value, double[] gradient) {
    this.status = status;
    this.x = x;
    this.value = value;
    this.gradient = gradient;
  }

  static LineSearchResult accepted(double[] x, double value, double[] gradient) {
    return new LineSearchResult(Status.ACCEPTED, x, value, gradient);
  }

  static LineSearchResult failed(boolean anyFinite) {
    return new LineSearchResult(
        anyFinite ? Status.NO_PROGRESS : Status.NO_FINITE_POINT, null, Double.NaN, null);
  }
}
