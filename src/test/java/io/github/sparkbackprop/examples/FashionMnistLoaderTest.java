package io.github.sparkbackprop.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader and the DataFrame it builds, on small files written by the test. */
class FashionMnistLoaderTest {

  @TempDir
  Path tmp;

  /** 5 images of 2x3 pixels: image i has pixel p = 10 * i + p; labels 0..4, gzipped. */
  private Path[] writeSample(boolean gzip) throws IOException {
    ByteArrayOutputStream images = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(images);
    out.writeInt(FashionMnist.IMAGES_MAGIC);
    out.writeInt(5);
    out.writeInt(2);
    out.writeInt(3);
    for (int i = 0; i < 5; i++) {
      for (int p = 0; p < 6; p++) {
        out.writeByte(10 * i + p);
      }
    }
    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    out = new DataOutputStream(labels);
    out.writeInt(FashionMnist.LABELS_MAGIC);
    out.writeInt(5);
    for (int i = 0; i < 5; i++) {
      out.writeByte(i);
    }
    String suffix = gzip ? ".gz" : "";
    return new Path[] {
      write("images" + suffix, images.toByteArray(), gzip),
      write("labels" + suffix, labels.toByteArray(), gzip)
    };
  }

  private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
    Path file = tmp.resolve(name);
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
      out.write(bytes);
    }
    return file;
  }

  @Test
  void readsGzippedAndPlainFilesWithScaledPixels() throws IOException {
    for (boolean gzip : new boolean[] {true, false}) {
      Path[] files = writeSample(gzip);
      FashionMnist.Images images = FashionMnist.readImages(files[0], 0);
      assertEquals(5, images.count());
      assertEquals(6, images.pixelsPerImage());
      assertArrayEquals(new double[] {30 / 255.0, 31 / 255.0, 32 / 255.0, 33 / 255.0,
          34 / 255.0, 35 / 255.0}, images.image(3), 0.0);
      assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, FashionMnist.readLabels(files[1], 0));
    }
  }

  @Test
  void limitReadsOnlyTheFirstItems() throws IOException {
    Path[] files = writeSample(true);
    assertEquals(2, FashionMnist.readImages(files[0], 2).count());
    assertEquals(5, FashionMnist.readImages(files[0], 99).count());
    assertArrayEquals(new byte[] {0, 1}, FashionMnist.readLabels(files[1], 2));
  }

  @Test
  void wrongMagicNamesTheFile() throws IOException {
    Path[] files = writeSample(true);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> FashionMnist.readImages(files[1], 0));
    assertTrue(e.getMessage().contains(files[1].toString()), e.getMessage());
    assertTrue(e.getMessage().contains("2049") && e.getMessage().contains("2051"),
        e.getMessage());
  }

  @Test
  void truncatedFileNamesTheFile() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(FashionMnist.LABELS_MAGIC);
    out.writeInt(10);
    out.write(new byte[] {1, 2, 3});
    Path file = write("short.gz", bytes.toByteArray(), true);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> FashionMnist.readLabels(file, 0));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void missingFileSaysHowToGetTheData() {
    Path file = tmp.resolve("absent-images-idx3-ubyte.gz");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> FashionMnist.readImages(file, 0));
    assertTrue(e.getMessage().contains(file.toString())
        && e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  void countMismatchNamesBothFiles() throws IOException {
    Path[] files = writeSample(true);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(FashionMnist.LABELS_MAGIC);
    out.writeInt(4);
    out.write(new byte[] {0, 1, 2, 3});
    Path labels = write("four-labels.gz", bytes.toByteArray(), true);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> FashionMnist.load(TestSpark.session(), files[0], labels, 0, 1));
    assertTrue(e.getMessage().contains(files[0].toString())
        && e.getMessage().contains(labels.toString()), e.getMessage());
  }

  @Test
  void dataFrameKeepsOrderAcrossPartitionsAndDeclaresTenClasses() throws IOException {
    Path[] files = writeSample(true);
    Dataset<Row> df = FashionMnist.load(TestSpark.session(), files[0], files[1], 0, 3);
    assertEquals(3, df.rdd().getNumPartitions());
    List<Row> rows = df.collectAsList();
    assertEquals(5, rows.size());
    for (int i = 0; i < 5; i++) {
      Vector features = rows.get(i).getAs("features");
      assertEquals(6, features.size());
      assertEquals((10 * i + 5) / 255.0, features.apply(5), 0.0);
      assertEquals(i, rows.get(i).<Double>getAs("label"), 0.0);
    }
    Attribute label = Attribute.fromStructField(df.schema().apply("label"));
    assertTrue(label instanceof NominalAttribute);
    assertEquals(10, (Integer) ((NominalAttribute) label).getNumValues().get());
  }
}
