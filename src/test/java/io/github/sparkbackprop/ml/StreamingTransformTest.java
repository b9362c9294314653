package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.ScoringRows.addParquetFile;
import static io.github.sparkbackprop.ml.ScoringRows.assertSameRows;
import static io.github.sparkbackprop.ml.ScoringRows.readBatch;
import static io.github.sparkbackprop.ml.ScoringRows.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained in batch score a Structured Streaming DataFrame: a folder source that grows
 * while the query runs, scored by a classifier, a regressor and a whole {@code PipelineModel}
 * (assembler, scaler, network) chained in one query, into a memory sink and into a parquet file
 * sink with a checkpoint. What the stream writes equals what {@code transform} of the same rows
 * as a batch gives, row for row, and a query stopped and restarted from its checkpoint neither
 * loses nor repeats a row.
 */
@Tag("slow")
@Tag("line")
class StreamingTransformTest {

  private static NeuralNetworkClassificationModel classifier;
  private static NeuralNetworkRegressionModel regressor;
  private static PipelineModel pipeline;

  @BeforeAll
  static void fitModels() {
    classifier = ScoringRows.classifier();
    regressor = ScoringRows.regressor();
    pipeline = ScoringRows.pipeline();
  }

  /** All three models, one after the other, over the same rows (batch or streaming). */
  private static Dataset<Row> scoredByAll(Dataset<Row> rows) {
    return pipeline.transform(regressor.transform(classifier.transform(rows)));
  }

  @Test
  void aGrowingFolderScoredIntoMemoryEqualsBatchScoring(@TempDir Path dir)
      throws TimeoutException {
    SparkSession spark = TestSpark.session();
    Path source = dir.resolve("source");
    addParquetFile(rows(0, 45), source, "first");
    Dataset<Row> stream = spark.readStream().schema(ScoringRows.SCHEMA)
        .parquet(source.toString());
    assertTrue(stream.isStreaming());
    Dataset<Row> scored = scoredByAll(stream);
    assertTrue(scored.isStreaming(), "transform keeps a streaming DataFrame streaming");

    StreamingQuery query = scored.writeStream().format("memory")
        .queryName("scored_growing_folder").outputMode("append").start();
    try {
      query.processAllAvailable();
      addParquetFile(rows(45, 100), source, "second");   // arrives while the query runs
      query.processAllAvailable();
      addParquetFile(rows(100, 130), source, "third");
      query.processAllAvailable();
      long batchesWithRows = java.util.Arrays.stream(query.recentProgress())
          .filter(progress -> progress.numInputRows() > 0).count();
      assertEquals(3, batchesWithRows, "one micro-batch per file");
    } finally {
      query.stop();
    }

    List<Row> streamed = spark.table("scored_growing_folder").orderBy("id").collectAsList();
    Dataset<Row> batch = scoredByAll(readBatch(spark, source));
    assertEquals(batch.schema(), spark.table("scored_growing_folder").schema(),
        "the stream has the batch output's columns, in the same order");
    List<Row> expected = batch.orderBy("id").collectAsList();
    assertEquals(130, expected.size());
    assertSameRows(expected, streamed);
  }

  @Test
  void aFileSinkQueryRestartedFromItsCheckpointNeitherLosesNorRepeatsRows(@TempDir Path dir)
      throws TimeoutException, StreamingQueryException {
    SparkSession spark = TestSpark.session();
    Path source = dir.resolve("source");
    Path output = dir.resolve("output");
    Path checkpoint = dir.resolve("checkpoint");
    addParquetFile(rows(0, 40), source, "first");
    Dataset<Row> scored = scoredByAll(
        spark.readStream().schema(ScoringRows.SCHEMA).parquet(source.toString()));

    StreamingQuery first = start(scored, output, checkpoint);
    try {
      first.processAllAvailable();
      addParquetFile(rows(40, 90), source, "second");
      first.processAllAvailable();
    } finally {
      first.stop();
    }
    assertEquals(90, spark.read().parquet(output.toString()).count(),
        "the first run wrote the rows of both files");

    addParquetFile(rows(90, 150), source, "arrived-while-stopped");
    // a new DataFrame and new query, as after a restart of the application
    Dataset<Row> again = scoredByAll(
        spark.readStream().schema(ScoringRows.SCHEMA).parquet(source.toString()));
    StreamingQuery second = start(again, output, checkpoint);
    try {
      second.processAllAvailable();
      long read = java.util.Arrays.stream(second.recentProgress())
          .mapToLong(progress -> progress.numInputRows()).sum();
      assertEquals(60, read, "the restarted query reads only the file it had not seen");
    } finally {
      second.stop();
    }

    Dataset<Row> written = spark.read().parquet(output.toString());
    assertEquals(150, written.count(), "every row once: none lost, none repeated");
    assertEquals(150, written.select("id").distinct().count());
    List<Row> expected = scoredByAll(readBatch(spark, source)).orderBy("id").collectAsList();
    List<Row> actual = written.select(columns(expected.get(0))).orderBy("id").collectAsList();
    assertSameRows(expected, actual);
  }

  private static StreamingQuery start(Dataset<Row> scored, Path output, Path checkpoint)
      throws TimeoutException {
    return scored.writeStream().format("parquet").outputMode("append")
        .option("checkpointLocation", checkpoint.toString())
        .start(output.toString());
  }

  private static org.apache.spark.sql.Column[] columns(Row row) {
    String[] names = row.schema().fieldNames();
    org.apache.spark.sql.Column[] columns = new org.apache.spark.sql.Column[names.length];
    for (int i = 0; i < names.length; i++) {
      columns[i] = org.apache.spark.sql.functions.col(names[i]);
    }
    return columns;
  }
}
