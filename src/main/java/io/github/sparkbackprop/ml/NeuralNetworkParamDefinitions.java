package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.ExecutionMode;
import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.Solver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The param objects shared by both estimators and both models, created once per stage with the
 * stage as their parent: each declared in one statement with its name, default, doc and check.
 *
 * <p>Java classes cannot inherit fields from two Scala hierarchies (a classifier and a regressor),
 * so every stage holds one of these and {@link NeuralNetworkParams} exposes its members through
 * default methods, which Spark's reflection over public {@code Param}-returning methods finds.
 * The full documentation of each param is on its accessor in {@link NeuralNetworkParams}.
 *
 * <p>These declarations are the one source of a param's name, default and doc: the Python
 * wrappers' params and the params tables of docs/params.md are generated from them by
 * {@code scripts/generate-params} (checked by {@code GeneratedParamsTest}).
 */
public final class NeuralNetworkParamDefinitions {

  final IntArrayParam hiddenLayers;
  final Param<String> activation;
  final Param<String> solver;
  final IntParam maxIter;
  final DoubleParam tol;
  final DoubleParam stepSize;
  final DoubleParam regParam;
  final DoubleParam elasticNetParam;
  final IntParam blockSize;
  final IntParam aggregationDepth;
  final LongParam seed;
  final Param<String> weightCol;
  final Param<Vector> initialWeights;
  final IntParam batchSize;
  final IntParam localSteps;
  final Param<String> executionMode;
  final DoubleParam dropout;
  final DoubleParam momentum;
  final BooleanParam nesterov;
  final DoubleParam beta1;
  final DoubleParam beta2;
  final DoubleParam adamEpsilon;
  final Param<String> learningRateSchedule;
  final DoubleParam decayRate;
  final IntParam decaySteps;
  final DoubleParam minLearningRate;
  final IntParam warmupSteps;
  final Param<String> validationIndicatorCol;
  final IntParam earlyStoppingPatience;
  final DoubleParam validationTol;
  final Param<String> precision;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final Param<String> attributionCol;
  final Param<Vector> attributionBaseline;
  final IntParam attributionSteps;

  private final Declarer declare;

  NeuralNetworkParamDefinitions(Params owner) {
    declare = new Declarer(owner);
    hiddenLayers = declare.intArrayParam("hiddenLayers", new int[] {100},
        "sizes of the hidden layers, input to output, e.g. `[256, 128]`; the input width comes"
            + " from the features and the output width from the labels; may be empty (no hidden"
            + " layer)",
        ParamChecks.check("must hold sizes >= 1",
            (int[] sizes) -> Arrays.stream(sizes).allMatch(s -> s >= 1)));
    activation = declare.stringParam("activation", Activation.RELU.paramName(),
        "activation of the hidden layers: " + Declarer.code(Activation.paramNames())
            + " (case-insensitive)",
        ParamChecks.oneOf(Activation.paramNames()));
    solver = declare.stringParam("solver", Solver.LBFGS.paramName(),
        "optimisation algorithm: `l-bfgs` (full batch; OWL-QN with an L1 part), `gd`"
            + " (mini-batch, optional momentum), `adam` or `adamw` (mini-batch)",
        ParamChecks.oneOf(Solver.paramNames()));
    maxIter = declare.intParam("maxIter", 100,
        "maximum number of iterations (`l-bfgs`) or epochs (`gd`, `adam`, `adamw`) (>= 0);"
            + " unset: 100 for `l-bfgs`, chosen from the rows for `gd`, `adam` and `adamw`"
            + "{{ (see [Fast defaults](training.md#fast-defaults))}}",
        ParamChecks.intAtLeast(0));
    tol = declare.doubleParam("tol", 1e-6,
        "convergence tolerance (>= 0): `l-bfgs` stops when an iteration improves the objective"
            + " by less than `tol` relative to its size; mini-batch solvers when"
            + " `earlyStoppingPatience` epochs in a row do",
        ParamChecks.doubleAtLeast(0));
    stepSize = declare.doubleParam("stepSize",
        "learning rate of `gd`, `adam` and `adamw` (> 0); unset: chosen with a warm-up and a"
            + " cosine decay (0.03 for `gd`, `0.001 x batchSize / 256` within 1x-8x for"
            + " `adam`/`adamw`){{ (see [Fast defaults](training.md#fast-defaults))}}",
        ParamChecks.doubleAbove(0));
    regParam = declare.doubleParam("regParam", 0.0,
        "regularisation strength (>= 0); biases are never regularised",
        ParamChecks.doubleAtLeast(0));
    elasticNetParam = declare.doubleParam("elasticNetParam", 0.0,
        "mix of L1 and L2 regularisation in [0, 1]: 0 is L2, 1 is L1",
        ParamChecks.doubleInRange(0, 1, true, true));
    blockSize = declare.intParam("blockSize", 256,
        "rows stacked into one matrix for each GEMM (>= 1), in training and prediction; results"
            + " do not depend on it; larger blocks use the BLAS better",
        ParamChecks.intAtLeast(1));
    aggregationDepth = declare.intParam("aggregationDepth", 2,
        "depth of the `treeAggregate` that sums gradients (>= 2)",
        ParamChecks.intAtLeast(2));
    seed = declare.longParam("seed", owner.getClass().getName().hashCode(),
        "random seed for weight initialisation and mini-batch sampling");
    declare.pageDefault(seed, "hash of the class name");
    weightCol = declare.stringParam("weightCol",
        "column of non-negative row weights; the objective is `sum_i w_i loss_i / sum_i w_i`;"
            + " unset or empty: every row weighs 1");
    initialWeights = declare.vectorParam("initialWeights",
        "initial flat weight vector, laid out like the model's `weights()` (length must match"
            + " the network); unset: random initialisation from `seed`");
    batchSize = declare.intParam("batchSize",
        "rows per step of `gd`, `adam` and `adamw` (>= 1); one epoch is"
            + " `ceil(rows / batchSize)` steps; a batch covering all rows is full-batch training;"
            + " unset: chosen from the rows and the network's size"
            + "{{ (see [Fast defaults](training.md#fast-defaults))}}; ignored by `l-bfgs`",
        ParamChecks.intAtLeast(1));
    localSteps = declare.intParam("localSteps", 1,
        "steps of `gd`, `adam` and `adamw` that each partition takes on its own rows of each"
            + " batch between two averagings of the weights (>= 1); `1` is exact mini-batch"
            + " training, independent of the partitioning; above 1 (parameter averaging) an"
            + " epoch runs `steps / localSteps` Spark jobs instead of one per step, but each step"
            + " sees only its partition's share of the batch, so the model depends on how the"
            + " rows are partitioned{{ (see [Local steps](training.md#local-steps))}}; ignored by"
            + " `l-bfgs`",
        ParamChecks.intAtLeast(1));
    executionMode = declare.stringParam("executionMode", ExecutionMode.AUTO.paramName(),
        "how the epochs of `gd`, `adam` and `adamw` run on Spark: `barrier` (barrier stages,"
            + " each a span of epochs, whose tasks add up their gradients among themselves),"
            + " `perStep` (one Spark job per step), or `auto` (`barrier` where an epoch has more"
            + " than one step and Spark can run it: a task slot for every partition, no dynamic"
            + " allocation, no network encryption; else `perStep`, saying why in one log line);"
            + " both train the same model, bit for bit"
            + "{{ (see [Execution modes](training.md#execution-modes-barrier-stages))"
            + "}}; ignored by `l-bfgs`",
        ParamChecks.oneOf(ExecutionMode.paramNames()));
    dropout = declare.doubleParam("dropout", 0.0,
        "rate at which hidden units are dropped while `gd`, `adam` and `adamw` train, in [0, 1)"
            + " (inverted dropout: kept units scaled by 1 / (1 - `dropout`) in training, none"
            + " dropped in scoring; masks drawn from the seed, the step and each row's place in"
            + " the data, so a seeded fit repeats and does not depend on the partitioning);"
            + " 0 trains without dropout; `l-bfgs` refuses a rate above 0"
            + "{{ (see [Dropout](training.md#dropout))}}",
        ParamChecks.doubleInRange(0, 1, true, false));
    momentum = declare.doubleParam("momentum", 0.0,
        "momentum of `gd` in [0, 1); 0 is plain gradient descent",
        ParamChecks.doubleInRange(0, 1, true, false));
    nesterov = declare.booleanParam("nesterov", false,
        "whether `gd` uses Nesterov's momentum (needs `momentum > 0`)");
    beta1 = declare.doubleParam("beta1", 0.9,
        "`adam`/`adamw` decay rate of the first-moment estimates, in [0, 1)",
        ParamChecks.doubleInRange(0, 1, true, false));
    beta2 = declare.doubleParam("beta2", 0.999,
        "`adam`/`adamw` decay rate of the second-moment estimates, in [0, 1)",
        ParamChecks.doubleInRange(0, 1, true, false));
    adamEpsilon = declare.doubleParam("adamEpsilon", 1e-8,
        "`adam`/`adamw` term added to the root of the second moment for numerical stability"
            + " (> 0)",
        ParamChecks.doubleAbove(0));
    learningRateSchedule = declare.stringParam("learningRateSchedule",
        LearningRateSchedule.Kind.CONSTANT.paramName(),
        "how the learning rate of `gd`, `adam` and `adamw` decays: "
            + Declarer.code(LearningRateSchedule.Kind.paramNames()),
        ParamChecks.oneOf(LearningRateSchedule.Kind.paramNames()));
    decayRate = declare.doubleParam("decayRate", 0.9,
        "decay factor of the step, exponential and inverseTime schedules (>= 0; in (0, 1] for"
            + " step and exponential)",
        ParamChecks.doubleAtLeast(0));
    decaySteps = declare.intParam("decaySteps", 0,
        "steps over which the schedule decays once by `decayRate` (cosine: to the minimum);"
            + " 0 means one epoch, or the whole run for cosine (>= 0)",
        ParamChecks.intAtLeast(0));
    minLearningRate = declare.doubleParam("minLearningRate", 0.0,
        "floor of the learning rate under any schedule (>= 0)",
        ParamChecks.doubleAtLeast(0));
    warmupSteps = declare.intParam("warmupSteps", 0,
        "steps of linear learning-rate warm-up before the schedule starts (>= 0)",
        ParamChecks.intAtLeast(0));
    validationIndicatorCol = declare.stringParam("validationIndicatorCol",
        "boolean column flagging rows held out for validation (`true`) and early stopping;"
            + " unset: no validation");
    earlyStoppingPatience = declare.intParam("earlyStoppingPatience", 5,
        "epochs (`l-bfgs`: iterations) without improvement before training stops early (>= 1)",
        ParamChecks.intAtLeast(1));
    validationTol = declare.doubleParam("validationTol", 0.001,
        "minimum relative improvement of the validation loss that resets the patience (>= 0)",
        ParamChecks.doubleAtLeast(0));
    precision = declare.stringParam("precision", Precision.DOUBLE.paramName(),
        "arithmetic of the cached features, GEMMs and activations: `double`, or `float` (half"
            + " the memory, about twice the speed); each partition sums its gradient in double"
            + " and ships it rounded to float (half the bytes), and the driver adds the"
            + " partitions and steps in double",
        ParamChecks.oneOf(Precision.paramNames()));
    checkpointDir = declare.stringParam("checkpointDir",
        "folder (a path of any Hadoop file system: local, HDFS, S3A, DBFS, Volumes) where"
            + " training saves checkpoints and from whose newest complete checkpoint a fit with"
            + " the same params and data resumes; one training per folder; its checkpoints are"
            + " removed when training succeeds; unset: no checkpoints"
            + "{{ (see [Checkpoints](checkpoints.md))}}");
    checkpointInterval = declare.intParam("checkpointInterval", 10,
        "set checkpoint interval (>= 1) or disable checkpoint (-1): a checkpoint every that"
            + " many iterations (`l-bfgs`) or epochs (`gd`, `adam`, `adamw`); ignored while"
            + " `checkpointDir` is unset",
        ParamChecks.check("must be >= 1, or -1 to disable checkpoints",
            (Object v) -> (Integer) v == -1 || (Integer) v >= 1));
    attributionCol = declare.stringParam("attributionCol",
        "column of per-row feature attributions, a Vector of one value per feature: the"
            + " integrated gradients of the explained output (classifier: the raw score of the"
            + " predicted class; multi-label: the sum of the raw scores of the predicted labels;"
            + " regressor: the prediction, the sum of the outputs for a vector label) along the"
            + " straight path from attributionBaseline to the row; unset or empty: no column");
    attributionBaseline = declare.vectorParam("attributionBaseline",
        "where the attribution paths start, one value per feature; unset: the means of the"
            + " training features, recorded in the model at fit",
        ParamChecks.check("must hold finite values",
            (Vector v) -> java.util.Arrays.stream(v.toArray()).allMatch(Double::isFinite)));
    attributionSteps = declare.intParam("attributionSteps", 50,
        "points along each row's attribution path (>= 1; midpoint rule); cost grows with it,"
            + " about steps x 3 times a transform",
        ParamChecks.intAtLeast(1));
  }

  /**
   * Sets the defaults on the owner. Separate from the constructor because Spark's
   * {@code setDefault} looks the params up through the owner's accessors, which need this object
   * to be assigned first.
   */
  void setDefaults() {
    declare.setDefaults();
  }

  /**
   * Declares a stage's params, each in one statement: name, default, the doc
   * {@code explainParams()} shows, and its check. The defaults are remembered and set by
   * {@link #setDefaults()} once the stage can look its params up (Spark's {@code setDefault}
   * goes through the stage's accessors).
   *
   * <p>A declaration is the one place a param is written: {@code scripts/generate-params} derives
   * the Python wrappers' params and the row of docs/params.md from it. Its doc is written for
   * both: {@code `backticks`} mark code and {@code {{...}}} holds text for docs/params.md only
   * (links to other pages); {@code explainParams()} and Python show the doc without either (see
   * {@link #plain(String)}). Where the row needs more, {@link #pageDefault} and
   * {@link #pageMeaning} give its cells, next to the declaration.
   */
  static final class Declarer {

    /**
     * While {@link #recording} constructs a stage, where its declarations are written; unset
     * otherwise (then the docs-only parts cost nothing).
     */
    private static final ThreadLocal<List<Declared>> RECORDING = new ThreadLocal<>();

    /** The parts of a doc for docs/params.md only. */
    private static final Pattern PAGE_ONLY = Pattern.compile("\\{\\{.*?}}");

    private final Params owner;
    private final List<Param<?>> params = new ArrayList<>();
    private final List<Object> defaults = new ArrayList<>();

    Declarer(Params owner) {
      this.owner = owner;
    }

    IntParam intParam(String name, int defaultValue, String doc, ParamChecks.Rule<Object> rule) {
      return withDefault(new IntParam(owner, name, plain(doc), rule.forParam(name)),
          defaultValue, doc);
    }

    DoubleParam doubleParam(String name, double defaultValue, String doc,
        ParamChecks.Rule<Object> rule) {
      return withDefault(new DoubleParam(owner, name, plain(doc), rule.forParam(name)),
          defaultValue, doc);
    }

    /** A double param without a default (its getter supplies one). */
    DoubleParam doubleParam(String name, String doc, ParamChecks.Rule<Object> rule) {
      return declared(new DoubleParam(owner, name, plain(doc), rule.forParam(name)), doc);
    }

    /** An int param without a default: unset means the trainer chooses. */
    IntParam intParam(String name, String doc, ParamChecks.Rule<Object> rule) {
      return declared(new IntParam(owner, name, plain(doc), rule.forParam(name)), doc);
    }

    LongParam longParam(String name, long defaultValue, String doc) {
      return withDefault(new LongParam(owner, name, plain(doc)), defaultValue, doc);
    }

    BooleanParam booleanParam(String name, boolean defaultValue, String doc) {
      return withDefault(new BooleanParam(owner, name, plain(doc)), defaultValue, doc);
    }

    IntArrayParam intArrayParam(String name, int[] defaultValue, String doc,
        ParamChecks.Rule<int[]> rule) {
      return withDefault(new IntArrayParam(owner, name, plain(doc), rule.forParam(name)),
          defaultValue, doc);
    }

    Param<String> stringParam(String name, String defaultValue, String doc,
        ParamChecks.Rule<String> rule) {
      return withDefault(new Param<>(owner, name, plain(doc), rule.forParam(name)),
          defaultValue, doc);
    }

    /** A string param without a default (unset means "none"). */
    Param<String> stringParam(String name, String doc) {
      return declared(new Param<>(owner, name, plain(doc)), doc);
    }

    /** A string param with a default and no check. */
    Param<String> stringParam(String name, String defaultValue, String doc) {
      return withDefault(new Param<>(owner, name, plain(doc)), defaultValue, doc);
    }

    /** A double-array param without a default (unset means "none"). */
    DoubleArrayParam doubleArrayParam(String name, String doc, ParamChecks.Rule<double[]> rule) {
      return declared(new DoubleArrayParam(owner, name, plain(doc), rule.forParam(name)), doc);
    }

    /** A vector param without a default. */
    Param<Vector> vectorParam(String name, String doc) {
      return declared(new Param<>(owner, name, plain(doc)), doc);
    }

    /** A vector param without a default, with a check. */
    Param<Vector> vectorParam(String name, String doc, ParamChecks.Rule<Vector> rule) {
      return declared(new Param<>(owner, name, plain(doc), rule.forParam(name)), doc);
    }

    /**
     * Docs-only: the default cell of the param's row in docs/params.md, where the default alone
     * does not say enough (a default that depends on the stage). Ignored at run time.
     */
    void pageDefault(Param<?> param, String markdown) {
      Declared declared = recorded(param);
      if (declared != null) {
        declared.pageDefault = markdown;
      }
    }

    /**
     * Docs-only: the meaning cell of the param's row in docs/params.md, in place of the doc,
     * where the row speaks for more stages than this declaration's (a Spark column param that
     * the classifier and the regressor inherit from Spark). Ignored at run time.
     */
    void pageMeaning(Param<?> param, String markdown) {
      Declared declared = recorded(param);
      if (declared != null) {
        declared.pageMeaning = markdown;
      }
    }

    private <P extends Param<?>> P withDefault(P param, Object defaultValue, String doc) {
      params.add(param);
      defaults.add(defaultValue);
      return declared(param, doc);
    }

    private <P extends Param<?>> P declared(P param, String doc) {
      List<Declared> recording = RECORDING.get();
      if (recording != null) {
        recording.add(new Declared(param.name(), doc));
      }
      return param;
    }

    private static Declared recorded(Param<?> param) {
      List<Declared> recording = RECORDING.get();
      if (recording == null) {
        return null;
      }
      for (int i = recording.size() - 1; i >= 0; i--) {
        if (recording.get(i).name.equals(param.name())) {
          return recording.get(i);
        }
      }
      throw new IllegalStateException(param.name() + " was not declared by a Declarer");
    }

    /** Sets every default declared so far on the owner. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void setDefaults() {
      for (int i = 0; i < params.size(); i++) {
        owner.setDefault((Param) params.get(i), defaults.get(i));
      }
    }

    /**
     * A doc as {@code explainParams()} and Python show it: without the {@code {{...}}} parts
     * (docs/params.md only) and without the backticks that mark code.
     */
    static String plain(String doc) {
      return PAGE_ONLY.matcher(doc).replaceAll("").replace("`", "");
    }

    /** A doc as the row of docs/params.md shows it: markdown, with its page-only parts. */
    static String markdown(String doc) {
      return doc.replace("{{", "").replace("}}", "");
    }

    /** Names as code in a doc: {@code `a`, `b`, `c`}. */
    static String code(String... names) {
      return "`" + String.join("`, `", names) + "`";
    }

    /**
     * Constructs a stage while recording what its declarations say: the params generator's
     * (tests') view of the definitions.
     *
     * @param declarations receives one entry per declared param, in the order of declaration
     */
    static <T> T recording(List<Declared> declarations, Supplier<T> stage) {
      RECORDING.set(declarations);
      try {
        return stage.get();
      } finally {
        RECORDING.remove();
      }
    }
  }

  /** What one declaration says beyond its {@code Param}: its doc as written, its page cells. */
  static final class Declared {

    /** The param's name. */
    final String name;

    /** The doc as written, with its backticks and {@code {{...}}} parts. */
    final String doc;

    /** The default cell of the row in docs/params.md, or null for the default itself. */
    String pageDefault;

    /** The meaning cell of the row in docs/params.md, or null for the doc. */
    String pageMeaning;

    Declared(String name, String doc) {
      this.name = name;
      this.doc = doc;
    }
  }
}
