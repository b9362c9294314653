package io.github.sparkbackprop.examples;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Loads Fashion-MNIST (Zalando's 28x28 grey-scale images of 10 kinds of clothing) from its IDX
 * files into a DataFrame with a {@code features} column (784 pixels scaled to [0, 1]) and a
 * {@code label} column (class index 0..9 as a double, with nominal metadata naming the 10
 * classes, so a classifier sees 10 classes even on a subset that lacks some).
 *
 * <p>The files are those of Debian's {@code dataset-fashion-mnist} package ({@link
 * #DEFAULT_DATA_DIR}): {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}
 * (60,000 images) and {@code t10k-*} (10,000 images). Gzipped and plain IDX files are both read.
 *
 * <p>The pixels stay one byte each until they reach the executors: the driver broadcasts the
 * compact byte arrays and each partition expands only its own slice into vectors, so neither the
 * driver nor the task descriptions hold the dataset as doubles.
 */
public final class FashionMnist {

  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  public static final String DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist";

  /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 2051;

  /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 2049;

  /** The class names, indexed by label. */
  public static final String[] CLASS_NAMES = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
  };

  /** The two parts of the dataset and their file-name prefixes. */
  public enum Part {
    /** The 60,000 training images. */
    TRAIN("train"),
    /** The 10,000 test images. */
    TEST("t10k");

    private final String prefix;

    Part(String prefix) {
      this.prefix = prefix;
    }

    /** The images file of this part inside {@code dataDir}. */
    public Path imagesFile(Path dataDir) {
      return dataDir.resolve(prefix + "-images-idx3-ubyte.gz");
    }

    /** The labels file of this part inside {@code dataDir}. */
    public Path labelsFile(Path dataDir) {
      return dataDir.resolve(prefix + "-labels-idx1-ubyte.gz");
    }
  }

  private FashionMnist() {}

  /**
   * Loads one part of the dataset from the standard file names in {@code dataDir}.
   *
   * @param spark the session
   * @param dataDir the folder holding the IDX files
   * @param part which part
   * @param limit the maximum number of rows (the first ones in the files); {@code <= 0} for all
   * @param numPartitions partitions of the result (>= 1)
   * @return a DataFrame with columns {@code features} (vector) and {@code label} (double)
   * @throws UncheckedIOException if a file is missing, unreadable or malformed; the message names
   *     the file
   */
  public static Dataset<Row> load(
      SparkSession spark, Path dataDir, Part part, int limit, int numPartitions) {
    return load(spark, part.imagesFile(dataDir), part.labelsFile(dataDir), limit, numPartitions);
  }

  /**
   * Loads images and their labels from two IDX files.
   *
   * @param spark the session
   * @param imagesFile an IDX images file (magic {@value #IMAGES_MAGIC}), gzipped or plain
   * @param labelsFile the matching IDX labels file (magic {@value #LABELS_MAGIC})
   * @param limit the maximum number of rows (the first ones in the files); {@code <= 0} for all
   * @param numPartitions partitions of the result (>= 1)
   * @return a DataFrame with columns {@code features} (vector) and {@code label} (double)
   * @throws UncheckedIOException if a file is missing, unreadable or malformed, or the two files
   *     disagree on the number of items; the message names the file
   */
  public static Dataset<Row> load(SparkSession spark, Path imagesFile, Path labelsFile,
      int limit, int numPartitions) {
    if (numPartitions < 1) {
      throw new IllegalArgumentException("numPartitions must be >= 1, got " + numPartitions);
    }
    Images images = readImages(imagesFile, limit);
    byte[] labels = readLabels(labelsFile, limit);
    if (labels.length != images.count) {
      throw new UncheckedIOException(new IOException(labelsFile + " holds " + labels.length
          + " labels but " + imagesFile + " holds " + images.count + " images"
          + (limit > 0 ? " (limit " + limit + ")" : "") + "; use matching files"));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= CLASS_NAMES.length) {
        throw new UncheckedIOException(new IOException(labelsFile + ": label " + labels[i]
            + " of item " + i + " is not a class index 0.." + (CLASS_NAMES.length - 1)));
      }
    }

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Images> pixels = jsc.broadcast(images);
    Broadcast<byte[]> classes = jsc.broadcast(labels);
    // One element per partition: the partition index, which selects the rows to expand.
    List<Integer> slices = new ArrayList<>(numPartitions);
    for (int i = 0; i < numPartitions; i++) {
      slices.add(i);
    }
    StructField label = new StructField("label", DataTypes.DoubleType, false,
        NominalAttribute.defaultAttr().withName("label").withValues(CLASS_NAMES).toMetadata());
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("features", SQLDataTypes.VectorType(), false), label});
    return spark.createDataFrame(
        jsc.parallelize(slices, numPartitions)
            .flatMap(new ExpandSlice(pixels, classes, numPartitions)),
        schema);
  }

  /**
   * Reads an IDX images file.
   *
   * @param file the file, gzipped or plain
   * @param limit the maximum number of images to read; {@code <= 0} for all
   * @return the images
   * @throws UncheckedIOException if the file is missing, unreadable, has the wrong magic number,
   *     or ends before the number of images its header declares; the message names the file
   */
  public static Images readImages(Path file, int limit) {
    try (DataInputStream in = open(file)) {
      checkMagic(file, in.readInt(), IMAGES_MAGIC, "images");
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count < 0 || rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE / 2) {
        throw new IOException(file + ": bad IDX header (" + count + " images of " + rows + "x"
            + cols + " pixels)");
      }
      int n = limit > 0 ? Math.min(limit, count) : count;
      long bytes = (long) n * rows * cols;
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new IOException(file + ": " + n + " images of " + rows + "x" + cols
            + " do not fit in one array; pass a smaller limit");
      }
      byte[] pixels = new byte[(int) bytes];
      readFully(in, pixels, file, n + " images of " + rows + "x" + cols + " pixels");
      return new Images(n, rows, cols, pixels);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * Reads an IDX labels file.
   *
   * @param file the file, gzipped or plain
   * @param limit the maximum number of labels to read; {@code <= 0} for all
   * @return one byte per label
   * @throws UncheckedIOException if the file is missing, unreadable, has the wrong magic number,
   *     or ends before the number of labels its header declares; the message names the file
   */
  public static byte[] readLabels(Path file, int limit) {
    try (DataInputStream in = open(file)) {
      checkMagic(file, in.readInt(), LABELS_MAGIC, "labels");
      int count = in.readInt();
      if (count < 0) {
        throw new IOException(file + ": bad IDX header (" + count + " labels)");
      }
      int n = limit > 0 ? Math.min(limit, count) : count;
      byte[] labels = new byte[n];
      readFully(in, labels, file, n + " labels");
      return labels;
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + " does not exist; install the dataset (Debian package"
          + " dataset-fashion-mnist, or scripts/run-example does it) or point --data-dir at a"
          + " folder holding the Fashion-MNIST IDX files", e);
    }
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    // Sniff the gzip signature rather than trusting the file name.
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    try {
      InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
      return new DataInputStream(in);
    } catch (IOException e) {
      buffered.close();
      throw new IOException(file + ": cannot read the gzip stream: " + e.getMessage(), e);
    }
  }

  private static void checkMagic(Path file, int magic, int expected, String what)
      throws IOException {
    if (magic != expected) {
      throw new IOException(file + ": magic number " + magic + " is not " + expected
          + " (an IDX file of " + what + "); is this the right file?");
    }
  }

  private static void readFully(DataInputStream in, byte[] into, Path file, String declared)
      throws IOException {
    try {
      in.readFully(into);
    } catch (EOFException e) {
      throw new IOException(file + " is truncated: it ends before the " + declared
          + " its header declares", e);
    }
  }

  /** Images read from an IDX file: {@code count} images of {@code rows x cols} unsigned bytes. */
  public static final class Images implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels;

    Images(int count, int rows, int cols, byte[] pixels) {
      this.count = count;
      this.rows = rows;
      this.cols = cols;
      this.pixels = pixels;
    }

    /** Number of images. */
    public int count() {
      return count;
    }

    /** Pixel rows per image. */
    public int rows() {
      return rows;
    }

    /** Pixel columns per image. */
    public int cols() {
      return cols;
    }

    /** Pixels per image ({@code rows * cols}). */
    public int pixelsPerImage() {
      return rows * cols;
    }

    /** Pixel {@code p} (row-major) of image {@code i}, scaled to [0, 1]. */
    public double pixel(int i, int p) {
      return (pixels[i * pixelsPerImage() + p] & 0xff) / 255.0;
    }

    /** Image {@code i} as row-major pixels scaled to [0, 1]. */
    public double[] image(int i) {
      int size = pixelsPerImage();
      double[] values = new double[size];
      int offset = i * size;
      for (int p = 0; p < size; p++) {
        values[p] = (pixels[offset + p] & 0xff) / 255.0;
      }
      return values;
    }
  }

  /** Expands the rows of one partition from the broadcast bytes. */
  private static final class ExpandSlice implements FlatMapFunction<Integer, Row> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<Images> images;
    private final Broadcast<byte[]> labels;
    private final int numSlices;

    ExpandSlice(Broadcast<Images> images, Broadcast<byte[]> labels, int numSlices) {
      this.images = images;
      this.labels = labels;
      this.numSlices = numSlices;
    }

    @Override
    public Iterator<Row> call(Integer slice) {
      Images all = images.value();
      byte[] classes = labels.value();
      // Balanced contiguous ranges: sizes differ by at most one row.
      int from = (int) ((long) all.count * slice / numSlices);
      int to = (int) ((long) all.count * (slice + 1) / numSlices);
      // Lazy, so a partition never holds more than one expanded row of its own.
      return new Iterator<Row>() {
        private int next = from;

        @Override
        public boolean hasNext() {
          return next < to;
        }

        @Override
        public Row next() {
          if (next >= to) {
            throw new NoSuchElementException();
          }
          int i = next++;
          return RowFactory.create(Vectors.dense(all.image(i)), (double) classes[i]);
        }
      };
    }
  }
}
