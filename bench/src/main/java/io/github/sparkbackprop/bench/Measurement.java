package io.github.sparkbackprop.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One named row of benchmark figures, kept in insertion order for tables, CSV and JSON. */
final class Measurement {

  final String section;
  final String name;
  final Map<String, Object> values = new LinkedHashMap<>();

  Measurement(String section, String name) {
    this.section = section;
    this.name = name;
  }

  Measurement put(String key, Object value) {
    values.put(key, value);
    return this;
  }

  String toJson() {
    StringBuilder b = new StringBuilder("{\"section\": ").append(quote(section))
        .append(", \"name\": ").append(quote(name));
    for (Map.Entry<String, Object> e : values.entrySet()) {
      b.append(", ").append(quote(e.getKey())).append(": ").append(json(e.getValue()));
    }
    return b.append('}').toString();
  }

  static String json(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double) {
      double d = (Double) v;
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return quote(v.toString());
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String format(Object v) {
    if (v instanceof Double) {
      double d = (Double) v;
      if (!Double.isFinite(d)) {
        return "-";
      }
      return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%.0f", d)
          : String.format(Locale.ROOT, "%.4g", d);
    }
    return String.valueOf(v);
  }
}
