package io.github.sparkbackprop.ml;

import org.apache.spark.sql.SparkSession;

/**
 * One {@code local[2]} SparkSession shared by every test class in the JVM: starting Spark takes
 * seconds, and the tests only need it to be a real Spark.
 */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  /** The shared session, started on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("spark-backprop tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
