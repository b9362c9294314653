package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Declares a stage's params, each in one statement: name, default, the doc {@code explainParams()}
 * shows, and its check. The defaults are remembered and set by {@link #setDefaults()} once the
 * stage can look its params up (Spark's {@code setDefault} goes through the stage's accessors).
 */
final class ParamDeclarer {

  private final Params owner;
  private final List<Param<?>> params = new ArrayList<>();
  private final List<Object> defaults = new ArrayList<>();

  ParamDeclarer(Params owner) {
    this.owner = owner;
  }

  IntParam intParam(String name, int defaultValue, String doc, ParamChecks.Rule<Object> rule) {
    return withDefault(new IntParam(owner, name, doc, rule.forParam(name)), defaultValue);
  }

  DoubleParam doubleParam(String name, double defaultValue, String doc,
      ParamChecks.Rule<Object> rule) {
    return withDefault(new DoubleParam(owner, name, doc, rule.forParam(name)), defaultValue);
  }

  /** A double param without a default (its getter supplies one). */
  DoubleParam doubleParam(String name, String doc, ParamChecks.Rule<Object> rule) {
    return new DoubleParam(owner, name, doc, rule.forParam(name));
  }

  LongParam longParam(String name, long defaultValue, String doc) {
    return withDefault(new LongParam(owner, name, doc), defaultValue);
  }

  BooleanParam booleanParam(String name, boolean defaultValue, String doc) {
    return withDefault(new BooleanParam(owner, name, doc), defaultValue);
  }

  IntArrayParam intArrayParam(String name, int[] defaultValue, String doc,
      ParamChecks.Rule<int[]> rule) {
    return withDefault(new IntArrayParam(owner, name, doc, rule.forParam(name)), defaultValue);
  }

  Param<String> stringParam(String name, String defaultValue, String doc,
      ParamChecks.Rule<String> rule) {
    return withDefault(new Param<>(owner, name, doc, rule.forParam(name)), defaultValue);
  }

  /** A string param without a default (unset means "none"). */
  Param<String> stringParam(String name, String doc) {
    return new Param<>(owner, name, doc);
  }

  /** A vector param without a default. */
  Param<Vector> vectorParam(String name, String doc) {
    return new Param<>(owner, name, doc);
  }

  private <P extends Param<?>> P withDefault(P param, Object defaultValue) {
    params.add(param);
    defaults.add(defaultValue);
    return param;
  }

  /** Sets every default declared so far on the owner. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void setDefaults() {
    for (int i = 0; i < params.size(); i++) {
      owner.setDefault((Param) params.get(i), defaults.get(i));
    }
  }
}
