package io.github.sparkbackprop.ml.internal.check;

import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.optim.LbfgsOptimizer;
import io.github.sparkbackprop.optim.Solver;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.SparkContext;

/**
 * Refuses, before training, a network too large for Spark to train: its weight vector must fit
 * one Java array (what a broadcast and a task result carry), the driver must hold every copy of
 * it the solver keeps, and the gradient sums sent back to the driver in one pass must fit
 * {@code spark.driver.maxResultSize}. Without this check such a network fails with an
 * {@code OutOfMemoryError} or an aborted job after the data has been read and cached.
 *
 * <p>The limits are computed by package-private methods that take the memory sizes as
 * arguments, so that they can be tested without a huge heap.
 */
public final class NetworkSizeCheck {

  /** Bytes per parameter: one double. */
  static final long BYTES_PER_PARAMETER = Double.BYTES;

  /** What Spark keeps of the driver's heap for itself (its {@code RESERVED_SYSTEM_MEMORY}). */
  public static final long RESERVED_DRIVER_MEMORY = 300L * 1024 * 1024;

  /**
   * Copies of the weight vector the driver holds whatever the solver: the weights, the gradient,
   * the aggregated gradient sum (a double-double: two arrays), the partition sum being merged
   * into it (two more), its serialised form as received, the serialised broadcast of the
   * weights, and the initial weights.
   */
  public static final int BASE_DRIVER_COPIES = 9;

  private NetworkSizeCheck() {}

  /**
   * Checks the network before the data is read, with the widths the schema tells (or 1): a lower
   * bound on the real parameter count, so that hopeless hidden layers fail in milliseconds.
   *
   * @param numInputs features per row if the column's metadata declares it, else 1
   * @param numOutputs output units if known (declared classes, 1 for regression), else the least
   */
  public static void requireFitsEarly(SparkContext sc, TrainingConfig config, int numInputs,
      boolean inputsKnown, int numOutputs, boolean outputsKnown) {
    int[] layers = config.layerSizes(numInputs, numOutputs);
    String[] names = Arrays.stream(layers).mapToObj(String::valueOf).toArray(String[]::new);
    if (!inputsKnown) {
      names[0] = "features";
    }
    if (!outputsKnown) {
      names[names.length - 1] = "outputs";
    }
    String description = "[" + String.join(", ", names) + "]";
    boolean atLeast = !inputsKnown || !outputsKnown;
    require(layers, description, atLeast, config.solver(), config.validationCol() != null,
        Runtime.getRuntime().maxMemory(), localTaskCopies(sc, 1), maxResultSize(sc), 1,
        resultBytesPerParameter(config, false));
  }

  /**
   * Checks the network that will be trained, once the data has told its input and output
   * widths.
   *
   * @param numPartitions partitions of the cached training data
   */
  public static void requireFits(SparkContext sc, TrainingConfig config, int numInputs,
      int numOutputs, int numPartitions) {
    int results = finalAggregationResults(numPartitions, config.aggregationDepth());
    int[] layers = config.layerSizes(numInputs, numOutputs);
    require(layers, Arrays.toString(layers), false, config.solver(),
        config.validationCol() != null, Runtime.getRuntime().maxMemory(),
        localTaskCopies(sc, numPartitions), maxResultSize(sc), results,
        resultBytesPerParameter(config, results < numPartitions));
  }

  /**
   * Throws unless a network with {@code layerSizes} fits.
   *
   * @param description the layers as the message shows them
   * @param atLeast whether {@code layerSizes} stand in for widths not known yet, so that the
   *     real network is at least this large
   * @param maxMemory the driver's heap limit in bytes ({@code Runtime.maxMemory()})
   * @param extraCopies further copies held in the driver's heap, e.g. by tasks of a local master
   * @param maxResultSize {@code spark.driver.maxResultSize} in bytes; 0 for no limit
   * @param results partition sums the driver receives in the last stage of a pass
   * @param resultBytesPerParameter bytes per parameter of each of those sums (see
   *     {@link #resultBytesPerParameter})
   * @throws IllegalArgumentException naming the parameter count, the bytes needed and the limit
   */
  public static void require(int[] layerSizes, String description, boolean atLeast, Solver solver,
      boolean validating, long maxMemory, int extraCopies, long maxResultSize, int results,
      int resultBytesPerParameter) {
    String problem = problem(layerSizes, description, atLeast, solver, validating, maxMemory,
        extraCopies, maxResultSize, results, resultBytesPerParameter);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Why the network does not fit, or {@code null} if it does; see {@link #require}. */
  public static String problem(int[] layerSizes, String description, boolean atLeast, Solver solver,
      boolean validating, long maxMemory, int extraCopies, long maxResultSize, int results,
      int resultBytesPerParameter) {
    long parameters = Topology.countParameters(layerSizes);
    String network = "The network " + description + " has " + (atLeast ? "at least " : "")
        + (parameters == Long.MAX_VALUE ? "more than 9e18"
            : String.format(Locale.ROOT, "%,d", parameters)) + " parameters";
    if (parameters > Topology.MAX_PARAMETERS) {
      return network + ", more than the "
          + String.format(Locale.ROOT, "%,d", Topology.MAX_PARAMETERS)
          + " one Java array can hold (the weights are broadcast, and the gradients returned,"
          + " as one array each); use smaller hiddenLayers";
    }
    int copies = driverCopies(solver, validating) + extraCopies;
    long needed = saturatedMultiply(parameters, copies * BYTES_PER_PARAMETER);
    long usable = usableDriverMemory(maxMemory);
    if (needed > usable) {
      return network + "; training it with solver " + solver + " holds " + copies
          + " copies of them on the driver, " + bytes(needed) + ", but the driver can use"
          + " only " + bytes(usable) + " (its maximum heap of " + bytes(maxMemory) + " less "
          + bytes(RESERVED_DRIVER_MEMORY) + " Spark reserves); use smaller hiddenLayers, or"
          + " give the driver more memory (spark.driver.memory)";
    }
    if (maxResultSize > 0) {
      long resultBytes = saturatedMultiply(parameters, (long) results * resultBytesPerParameter);
      if (resultBytes > maxResultSize) {
        return network + "; each pass returns " + results + " gradient sum"
            + (results == 1 ? "" : "s") + " of them to the driver, " + bytes(resultBytes)
            + ", more than spark.driver.maxResultSize (" + bytes(maxResultSize) + "); use"
            + " smaller hiddenLayers or raise spark.driver.maxResultSize";
      }
    }
    return null;
  }

  /**
   * The widest input (features per row) for which the network with {@code numOutputs} outputs
   * still fits, so that the row stacker can refuse a wider vector before allocating blocks for
   * it.
   */
  public static int maxFeatures(SparkContext sc, TrainingConfig config, int numOutputs) {
    long maxMemory = Runtime.getRuntime().maxMemory();
    int extra = localTaskCopies(sc, 1);
    long maxResult = maxResultSize(sc);
    int resultBytes = resultBytesPerParameter(config, false);
    return maxFeatures(d -> problem(config.layerSizes(d, numOutputs), "", false,
        config.solver(), config.validationCol() != null, maxMemory, extra, maxResult, 1,
        resultBytes) == null);
  }

  /** The largest {@code d >= 1} that {@code fits} (which must be monotone), or 0. */
  public static int maxFeatures(java.util.function.IntPredicate fits) {
    if (!fits.test(1)) {
      return 0;
    }
    int lo = 1;
    int hi = Integer.MAX_VALUE;
    while (lo < hi) {
      int mid = (int) (((long) lo + hi + 1) >>> 1);
      if (fits.test(mid)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Copies of the weight vector the driver holds while {@code solver} runs. */
  public static int driverCopies(Solver solver, boolean validating) {
    int copies = BASE_DRIVER_COPIES;
    switch (solver) {
      case LBFGS:
        // 2 x memory curvature pairs, the direction, the trial point and its gradient, and the
        // pseudo-gradient of OWL-QN
        copies += 2 * LbfgsOptimizer.DEFAULT_MEMORY + 4;
        break;
      case ADAM:
      case ADAMW:
        copies += 3; // first and second moments, the update
        break;
      default:
        copies += 3; // velocity, previous gradient (Nesterov), the update
        break;
    }
    return copies + (validating ? 1 : 0); // the best weights so far
  }

  /**
   * Bytes per parameter of one partition sum as the driver receives it: a partition's own sum
   * ships its gradient as doubles, or as floats with precision "float"; a sum merged from several
   * partitions in an earlier stage of the tree carries double-double values (two doubles).
   */
  static int resultBytesPerParameter(TrainingConfig config, boolean merged) {
    return merged ? 2 * Double.BYTES : config.precision().shippedGradientBytes();
  }

  /** The driver heap left to the weight copies. */
  static long usableDriverMemory(long maxMemory) {
    return Math.max(0, maxMemory - RESERVED_DRIVER_MEMORY);
  }

  /**
   * Number of partition sums that reach the driver in the last stage of a
   * {@code treeAggregate(depth)} over {@code numPartitions} partitions, as Spark's
   * {@code RDD.treeAggregate} reduces them.
   */
  public static int finalAggregationResults(int numPartitions, int depth) {
    int n = Math.max(numPartitions, 1);
    int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / Math.max(depth, 1))), 2);
    while (n > scale + (int) Math.ceil((double) n / scale)) {
      n /= scale;
    }
    return n;
  }

  /**
   * With a local master the executors' tasks live in the driver's heap too: one broadcast
   * value, and per task running at once (at most one per partition) its gradient sum and the
   * serialised result.
   */
  public static int localTaskCopies(SparkContext sc, int numPartitions) {
    if (!sc.isLocal()) {
      return 0;
    }
    return 1 + 2 * Math.max(1, Math.min(sc.defaultParallelism(), numPartitions));
  }

  private static long maxResultSize(SparkContext sc) {
    return sc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
  }

  /** A byte count for messages, e.g. {@code "1.5 GiB (1610612736 bytes)"}. */
  static String bytes(long n) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0
        ? n + " bytes"
        : String.format(Locale.ROOT, "%.1f %s (%,d bytes)", v, units[u], n);
  }
}
