package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassWeights}: scikit-learn's "balanced" weights, and the losses that apply them: a
 * weighted class (a weighted label term) counts exactly as a row whose weight is the product,
 * and the weighted passes' gradients match central differences.
 */
class ClassWeightsTest {

  @Test
  void balancedWeightsAreNOverKTimesTheClassTotal() {
    // n = 10 rows over k = 4 classes, class 3 without rows
    ClassWeights w = ClassWeights.balanced(new double[] {6, 3, 1, 0});
    assertArrayEquals(new double[] {10.0 / 24, 10.0 / 12, 10.0 / 4, 0}, w.classWeights(), 1e-15);
    assertNull(w.positiveWeights());
    assertNull(w.negativeWeights());
    assertEquals(4, w.size());
    // every class with rows totals n / k
    double[] totals = {6, 3, 1};
    for (int c = 0; c < totals.length; c++) {
      assertEquals(10.0 / 4, totals[c] * w.classWeights()[c], 1e-12);
    }
    // weighted totals (sums of row weights) work alike
    assertArrayEquals(new double[] {2.0 / 3, 2}, ClassWeights.balanced(new double[] {1.5, 0.5})
        .classWeights(), 1e-15);
  }

  @Test
  void balancedLabelWeightsBalanceEachLabelsPositivesAndNegatives() {
    // n = 5 rows; label 0 on 2 of them, label 1 on none, label 2 on all
    ClassWeights w = ClassWeights.balancedLabels(new double[] {2, 0, 5}, 5);
    assertArrayEquals(new double[] {5.0 / 4, 0, 5.0 / 10}, w.positiveWeights(), 1e-15);
    assertArrayEquals(new double[] {5.0 / 6, 5.0 / 10, 0}, w.negativeWeights(), 1e-15);
    assertNull(w.classWeights());
    assertTrue(w.isPerLabel());
  }

  @Test
  void totalsThatWeighNothingAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ClassWeights.balanced(new double[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> ClassWeights.balanced(new double[0]));
    assertThrows(IllegalArgumentException.class,
        () -> ClassWeights.balanced(new double[] {1, -1}));
    assertThrows(IllegalArgumentException.class,
        () -> ClassWeights.balanced(new double[] {1, Double.NaN}));
    assertThrows(IllegalArgumentException.class,
        () -> ClassWeights.balancedLabels(new double[] {1}, 0));
  }

  @Test
  void onlyTheClassificationLossesTakeWeightsOfTheirKind() {
    ClassWeights classes = ClassWeights.balanced(new double[] {1, 2});
    ClassWeights labels = ClassWeights.balancedLabels(new double[] {1, 2}, 3);
    assertThrows(IllegalArgumentException.class,
        () -> OutputLoss.squaredError().withClassWeights(classes));
    assertThrows(IllegalArgumentException.class,
        () -> OutputLoss.huber(1).withClassWeights(classes));
    assertThrows(IllegalArgumentException.class,
        () -> OutputLoss.softmaxCrossEntropy().withClassWeights(labels));
    assertThrows(IllegalArgumentException.class,
        () -> OutputLoss.sigmoidCrossEntropy().withClassWeights(classes));
    OutputLoss weighted = OutputLoss.softmaxCrossEntropy().withClassWeights(classes);
    assertEquals("softmaxCrossEntropy", weighted.name(), "the saved name stays");
    assertEquals(classes, weighted.classWeights());
    assertNull(OutputLoss.softmaxCrossEntropy().classWeights());
    assertNotEquals(OutputLoss.softmaxCrossEntropy(), weighted);
    // 3 class weights for 2 outputs: refused at use
    OutputLoss wrongSize = OutputLoss.softmaxCrossEntropy()
        .withClassWeights(ClassWeights.balanced(new double[] {1, 2, 3}));
    assertThrows(IllegalArgumentException.class,
        () -> wrongSize.loss(new double[2], 2, 1, new double[] {0}, 0, null, 0));
  }

  @Test
  void aWeightedClassCountsExactlyAsARowWeighingTheProduct() {
    Random random = new Random(3);
    int k = 3;
    int n = 9;
    double[] cw = ClassWeights.balanced(new double[] {5, 3, 1}).classWeights();
    OutputLoss weighted = OutputLoss.softmaxCrossEntropy()
        .withClassWeights(ClassWeights.balanced(new double[] {5, 3, 1}));
    double[] z = new double[k * n];
    double[] labels = new double[n];
    double[] rowWeights = new double[n];
    double[] products = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % k;
      rowWeights[i] = 0.5 + random.nextDouble();
      products[i] = rowWeights[i] * cw[i % k];
      for (int j = 0; j < k; j++) {
        z[i * k + j] = random.nextGaussian();
      }
    }
    double[] zWeighted = z.clone();
    double[] zPlain = z.clone();
    OutputLoss plain = OutputLoss.softmaxCrossEntropy();
    assertEquals(plain.lossAndDelta(zPlain, k, n, labels, 0, products, 0),
        weighted.lossAndDelta(zWeighted, k, n, labels, 0, rowWeights, 0));
    assertArrayEquals(zPlain, zWeighted);
    assertEquals(plain.loss(z, k, n, labels, 0, products, 0),
        weighted.loss(z, k, n, labels, 0, rowWeights, 0));
    assertEquals(plain.weightSum(k, n, labels, 0, products, 0),
        weighted.weightSum(k, n, labels, 0, rowWeights, 0));
  }

  @Test
  void aWeightedLabelTermCountsAsARowWeighingTheProduct() {
    // one label: a row's one term weighs its positive or negative weight, exactly as a row
    // weight would; several labels: each term by its own weight, the row by their mean
    Random random = new Random(5);
    int n = 8;
    ClassWeights one = ClassWeights.balancedLabels(new double[] {3}, 8);
    OutputLoss weighted = OutputLoss.sigmoidCrossEntropy().withClassWeights(one);
    double[] z = new double[n];
    double[] labels = new double[n];
    double[] rowWeights = new double[n];
    double[] products = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i < 3 ? 1 : 0;
      rowWeights[i] = 0.5 + random.nextDouble();
      products[i] = rowWeights[i]
          * (labels[i] == 1 ? one.positiveWeights()[0] : one.negativeWeights()[0]);
      z[i] = random.nextGaussian();
    }
    OutputLoss plain = OutputLoss.sigmoidCrossEntropy();
    double[] zWeighted = z.clone();
    double[] zPlain = z.clone();
    assertEquals(plain.lossAndDelta(zPlain, 1, n, labels, 0, products, 0),
        weighted.lossAndDelta(zWeighted, 1, n, labels, 0, rowWeights, 0));
    assertArrayEquals(zPlain, zWeighted);
    assertEquals(plain.loss(z, 1, n, labels, 0, products, 0),
        weighted.loss(z, 1, n, labels, 0, rowWeights, 0));
    assertEquals(plain.weightSum(1, n, labels, 0, products, 0),
        weighted.weightSum(1, n, labels, 0, rowWeights, 0));

    // two labels on two rows: [1, 0] and [1, 1], unit row weights
    ClassWeights two = ClassWeights.balancedLabels(new double[] {2, 1}, 2);
    OutputLoss both = OutputLoss.sigmoidCrossEntropy().withClassWeights(two);
    double[] z2 = {0.3, -1.2, 2.0, 0.1};
    double[] y2 = {1, 0, 1, 1};
    double expected = 0;
    double expectedWeight = 0;
    for (int i = 0; i < 2; i++) {
      double rowTerms = 0;
      for (int j = 0; j < 2; j++) {
        double v = y2[2 * i + j] == 1 ? two.positiveWeights()[j] : two.negativeWeights()[j];
        double s = 1 / (1 + Math.exp(-z2[2 * i + j]));
        expected += v * -(y2[2 * i + j] * Math.log(s) + (1 - y2[2 * i + j]) * Math.log(1 - s));
        rowTerms += v;
      }
      expectedWeight += rowTerms / 2;
    }
    assertEquals(expected, both.loss(z2, 2, 2, y2, 0, null, 0), 1e-12);
    // label 0 is on every row: its positives weigh 2 / 4, its absent negatives 0; label 1 is
    // balanced, 1 and 1
    assertArrayEquals(new double[] {0.5, 1}, two.positiveWeights(), 1e-15);
    assertArrayEquals(new double[] {0, 1}, two.negativeWeights(), 1e-15);
    assertEquals(expectedWeight, both.weightSum(2, 2, y2, 0, null, 0), 1e-15);
  }

  @Test
  void weightedPassesHaveTheGradientOfTheirLoss() {
    GradientCheckTest check = new GradientCheckTest();
    for (Activation activation : new Activation[] {Activation.TANH, Activation.RELU}) {
      check.analyticGradientMatchesCentralDifferences(activation,
          OutputLoss.softmaxCrossEntropy().withClassWeights(
              ClassWeights.balanced(new double[] {4, 1, 2})), new int[] {4, 5, 3});
      check.analyticGradientMatchesCentralDifferences(activation,
          OutputLoss.sigmoidCrossEntropy().withClassWeights(
              ClassWeights.balancedLabels(new double[] {1, 7, 3, 5}, 11)), new int[] {6, 7, 4});
    }
  }
}
