package io.github.sparkbackprop.optim;

/**
 * How one mini-batch training runs: rows per step, the learning rate and its schedule, and the
 * number of epochs. Whatever the user set is kept; for what they left unset, {@link #choose}
 * applies the rule below, which depends only on the training rows and the network's size (never
 * on the partitioning or on timings, so a seeded fit repeats exactly and a resumed one continues
 * the same run).
 *
 * <ul>
 *   <li><b>batchSize</b>: a step costs a fixed time on top of its arithmetic, whatever its rows
 *       (in a barrier stage: the all-reduce of the gradient sums between the tasks, the update
 *       every task applies, the step's bookkeeping; about {@value #STEP_COST_SECONDS} s,
 *       measured by {@code scripts/bench}'s "batches" part). Larger batches pay it less often
 *       but learn less per epoch; the benchmark's sweep reached a given accuracy soonest where
 *       a step's arithmetic was about {@value #ARITHMETIC_PER_FIXED_COST} times its fixed cost.
 *       So the batch is the power of two nearest to the rows whose gradient takes
 *       {@value #ARITHMETIC_PER_FIXED_COST} times that fixed cost at
 *       {@value #FLOPS_PER_SECOND_GIGA} GFLOP/s, between {@value #MIN_BATCH} and
 *       {@value #MAX_BATCH} rows, and at most a {@value #MIN_STEPS_PER_EPOCH}th of the rows
 *       (rounded down to a power of two), so that an epoch is still several steps. For
 *       784-256-128-10 on 60,000 rows: 1,024.
 *   <li><b>stepSize</b>: the solver's base rate ({@link Solver#defaultStepSize()}); for adam and
 *       adamw scaled with the batch as {@code 0.001 * batchSize / 256}, between 1x and
 *       {@value #MAX_RATE_SCALE}x (the linear scaling rule of Goyal et al., 2017), so 0.004 for
 *       1,024 rows. gd keeps 0.03.
 *   <li>When the rate is chosen (stepSize unset), so is its course, unless set: a linear
 *       <b>warm-up</b> of one epoch's steps, at most {@value #MAX_WARMUP_STEPS}; a <b>cosine</b>
 *       decay over the run; down to a <b>floor</b> of a hundredth of the rate.
 *   <li><b>maxIter</b>: epochs enough for about {@value #ROW_VISITS} row visits (20 epochs of
 *       60,000 rows), between {@value #MIN_EPOCHS} and {@value #MAX_EPOCHS}.
 * </ul>
 */
public final class MiniBatchPlan {

  /**
   * The fixed cost of one step in a barrier stage, seconds: the rule's model of it (measured
   * 2026-12-07 on local[2]: 3.8 ms in {@code double}, 4.5 ms in {@code float}, from the epoch
   * times of batches of 256 to 2,048 rows).
   */
  public static final double STEP_COST_SECONDS = 0.004;
  /**
   * How many times its fixed cost a step's arithmetic takes at the rule's batch: where the
   * benchmark's sweep of batch sizes reached 89% on Fashion-MNIST soonest, in both precisions.
   */
  public static final double ARITHMETIC_PER_FIXED_COST = 4;
  /** The arithmetic rate the rule assumes for one step over all cores, GFLOP/s. */
  public static final double FLOPS_PER_SECOND_GIGA = 50;
  /** The smallest batch the rule chooses (where there are enough rows). */
  public static final int MIN_BATCH = 32;
  /** The largest batch the rule chooses. */
  public static final int MAX_BATCH = 8192;
  /** The fewest steps per epoch the rule's batch allows (where there are enough rows). */
  public static final int MIN_STEPS_PER_EPOCH = 16;
  /** The largest factor by which a chosen adam rate exceeds its base. */
  public static final double MAX_RATE_SCALE = 8;
  /** The longest warm-up the rule chooses, steps. */
  public static final int MAX_WARMUP_STEPS = 30;
  /** Row visits the chosen number of epochs aims at. */
  public static final long ROW_VISITS = 1_200_000;
  /** The fewest epochs the rule chooses. */
  public static final int MIN_EPOCHS = 10;
  /** The most epochs the rule chooses. */
  public static final int MAX_EPOCHS = 100;

  /** What the user set; {@code null} for what they left unset. */
  public static final class Settings {
    private final Integer batchSize;
    private final Double stepSize;
    private final Integer warmupSteps;
    private final LearningRateSchedule.Kind schedule;
    private final Double minLearningRate;
    private final Integer maxEpochs;

    /** What the user set, each {@code null} when unset. */
    public Settings(Integer batchSize, Double stepSize, Integer warmupSteps,
        LearningRateSchedule.Kind schedule, Double minLearningRate, Integer maxEpochs) {
      this.batchSize = batchSize;
      this.stepSize = stepSize;
      this.warmupSteps = warmupSteps;
      this.schedule = schedule;
      this.minLearningRate = minLearningRate;
      this.maxEpochs = maxEpochs;
    }

    /** Rows per step, or {@code null}. */
    public Integer batchSize() {
      return batchSize;
    }

    /** The base learning rate, or {@code null}. */
    public Double stepSize() {
      return stepSize;
    }

    /** Steps of warm-up, or {@code null}. */
    public Integer warmupSteps() {
      return warmupSteps;
    }

    /** The decay, or {@code null}. */
    public LearningRateSchedule.Kind schedule() {
      return schedule;
    }

    /** The floor of the rate, or {@code null}. */
    public Double minLearningRate() {
      return minLearningRate;
    }

    /** The epoch limit, or {@code null}. */
    public Integer maxEpochs() {
      return maxEpochs;
    }
  }

  private final int batchSize;
  private final double stepSize;
  private final int warmupSteps;
  private final LearningRateSchedule.Kind schedule;
  private final double minLearningRate;
  private final int maxEpochs;
  private final String chosen;

  private MiniBatchPlan(int batchSize, double stepSize, int warmupSteps,
      LearningRateSchedule.Kind schedule, double minLearningRate, int maxEpochs, String chosen) {
    this.batchSize = batchSize;
    this.stepSize = stepSize;
    this.warmupSteps = warmupSteps;
    this.schedule = schedule;
    this.minLearningRate = minLearningRate;
    this.maxEpochs = maxEpochs;
    this.chosen = chosen;
  }

  /** Rows per step. */
  public int batchSize() {
    return batchSize;
  }

  /** Steps in an epoch over {@code rows} rows: {@code ceil(rows / batchSize)}. */
  public long stepsPerEpoch(long rows) {
    return stepsPerEpoch(rows, batchSize);
  }

  private static long stepsPerEpoch(long rows, int batch) {
    return (rows + batch - 1) / batch;
  }

  /** The base learning rate. */
  public double stepSize() {
    return stepSize;
  }

  /** Steps of linear warm-up. */
  public int warmupSteps() {
    return warmupSteps;
  }

  /** The decay after the warm-up. */
  public LearningRateSchedule.Kind schedule() {
    return schedule;
  }

  /** The floor of the rate. */
  public double minLearningRate() {
    return minLearningRate;
  }

  /** The epoch limit. */
  public int maxEpochs() {
    return maxEpochs;
  }

  /**
   * Which params the rule chose, with their values ({@code "batchSize=2048, stepSize=0.008"}),
   * or empty when the user set them all.
   */
  public String chosen() {
    return chosen;
  }

  /**
   * The plan for training a network whose gradient costs {@code multiplyAddsPerRow} per row on
   * {@code rows} rows with {@code solver}: the user's {@code settings}, the rule's choice for the
   * rest, and the params' own defaults where the rule does not apply (warm-up 0, constant rate,
   * floor 0 once the user set the rate).
   *
   * @param solver a mini-batch solver
   * @param rows training rows, >= 1
   * @param multiplyAddsPerRow the gradient's multiply-adds per row
   * @param settings what the user set
   */
  public static MiniBatchPlan choose(Solver solver, long rows, long multiplyAddsPerRow,
      Settings settings) {
    StringBuilder chosen = new StringBuilder();
    int batch = settings.batchSize() != null
        ? settings.batchSize()
        : note(chosen, "batchSize", batchSize(rows, multiplyAddsPerRow));
    boolean chooseCourse = settings.stepSize() == null;
    double rate = chooseCourse
        ? note(chosen, "stepSize", stepSize(solver, batch))
        : settings.stepSize();
    long stepsPerEpoch = stepsPerEpoch(rows, batch);
    int warmup = settings.warmupSteps() != null ? settings.warmupSteps()
        : chooseCourse
            ? note(chosen, "warmupSteps", (int) Math.min(MAX_WARMUP_STEPS, stepsPerEpoch))
            : 0;
    LearningRateSchedule.Kind schedule = settings.schedule() != null ? settings.schedule()
        : chooseCourse ? note(chosen, "learningRateSchedule", LearningRateSchedule.Kind.COSINE)
            : LearningRateSchedule.Kind.CONSTANT;
    double floor = settings.minLearningRate() != null ? settings.minLearningRate()
        : chooseCourse ? note(chosen, "minLearningRate", rate / 100) : 0.0;
    int epochs = settings.maxEpochs() != null
        ? settings.maxEpochs()
        : note(chosen, "maxIter", epochs(rows));
    return new MiniBatchPlan(batch, rate, warmup, schedule, floor, epochs, chosen.toString());
  }

  /** The rule's batch size for {@code rows} rows of {@code multiplyAddsPerRow} each. */
  static int batchSize(long rows, long multiplyAddsPerRow) {
    double flopsPerRow = 2.0 * Math.max(1, multiplyAddsPerRow);
    double rowsPerStep =
        ARITHMETIC_PER_FIXED_COST * STEP_COST_SECONDS * FLOPS_PER_SECOND_GIGA * 1e9 / flopsPerRow;
    long batch = nearestPowerOfTwo(rowsPerStep);
    batch = Math.max(MIN_BATCH, Math.min(MAX_BATCH, batch));
    long fewestSteps = Math.max(1, Long.highestOneBit(Math.max(1, rows / MIN_STEPS_PER_EPOCH)));
    return (int) Math.min(batch, fewestSteps);
  }

  /** The rule's base learning rate for {@code solver} with batches of {@code batch} rows. */
  static double stepSize(Solver solver, int batch) {
    if (solver == Solver.GD) {
      return solver.defaultStepSize();
    }
    double scale = Math.max(1, Math.min(MAX_RATE_SCALE, batch / 256.0));
    return solver.defaultStepSize() * scale;
  }

  /** The rule's epochs for {@code rows} rows. */
  static int epochs(long rows) {
    long epochs = (ROW_VISITS + rows - 1) / Math.max(1, rows);
    return (int) Math.max(MIN_EPOCHS, Math.min(MAX_EPOCHS, epochs));
  }

  private static long nearestPowerOfTwo(double x) {
    if (x <= 1) {
      return 1;
    }
    long below = Long.highestOneBit((long) x);
    return x / below < (2.0 * below) / x ? below : 2 * below;
  }

  private static <T> T note(StringBuilder chosen, String name, T value) {
    Object shown = value instanceof LearningRateSchedule.Kind
        ? ((LearningRateSchedule.Kind) value).paramName() : value;
    chosen.append(chosen.length() == 0 ? "" : ", ").append(name).append('=').append(shown);
    return value;
  }
}
