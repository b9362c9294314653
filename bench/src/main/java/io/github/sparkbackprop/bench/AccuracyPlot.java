package io.github.sparkbackprop.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws test accuracy against wall-clock training time, one line per system, as a PNG. */
final class AccuracyPlot {

  private static final Color[] COLORS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
    new Color(0x9467bd)
  };

  private AccuracyPlot() {}

  /**
   * @param series per line: points {seconds, accuracy}, in increasing time
   * @param targets accuracies to draw as dashed horizontal lines
   */
  static void write(File file, String title, Map<String, List<double[]>> series,
      double[] targets) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int width = 960;
    int height = 560;
    int left = 70;
    int right = 290;
    int top = 56;
    int bottom = 60;
    double maxTime = 1;
    double minAcc = 1;
    double maxAcc = 0;
    for (List<double[]> points : series.values()) {
      for (double[] p : points) {
        maxTime = Math.max(maxTime, p[0]);
        minAcc = Math.min(minAcc, p[1]);
        maxAcc = Math.max(maxAcc, p[1]);
      }
    }
    for (double t : targets) {
      minAcc = Math.min(minAcc, t);
      maxAcc = Math.max(maxAcc, t);
    }
    minAcc = Math.floor(minAcc * 50 - 1) / 50;
    maxAcc = Math.min(1, Math.ceil(maxAcc * 50 + 0.5) / 50);
    maxTime = niceCeiling(maxTime * 1.05);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int plotW = width - left - right;
    int plotH = height - top - bottom;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, left, 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawRect(left, top, plotW, plotH);
    for (int i = 0; i <= 5; i++) {
      double t = maxTime * i / 5;
      int x = left + (int) (plotW * i / 5.0);
      g.setColor(new Color(0xdddddd));
      g.drawLine(x, top, x, top + plotH);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.0f", t), x - 8, top + plotH + 18);
    }
    for (int i = 0; i <= 5; i++) {
      double a = minAcc + (maxAcc - minAcc) * i / 5;
      int y = top + plotH - (int) (plotH * i / 5.0);
      g.setColor(new Color(0xdddddd));
      g.drawLine(left, y, left + plotW, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.1f%%", 100 * a), left - 50, y + 4);
    }
    g.drawString("training wall time (s), local[2], 2 cores", left + plotW / 2 - 110,
        height - 20);
    g.drawString("test accuracy", 8, top - 8);
    float[] dash = {6f, 5f};
    for (double t : targets) {
      int y = top + plotH - (int) (plotH * (t - minAcc) / (maxAcc - minAcc));
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash,
          0f));
      g.drawLine(left, y, left + plotW, y);
      g.drawString(String.format(Locale.ROOT, "%.0f%%", 100 * t), left + plotW + 4, y + 4);
    }
    int legendY = top + 10;
    int c = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      Color color = COLORS[c++ % COLORS.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (double[] p : e.getValue()) {
        int x = left + (int) (plotW * p[0] / maxTime);
        int y = top + plotH - (int) (plotH * (p[1] - minAcc) / (maxAcc - minAcc));
        g.fillOval(x - 3, y - 3, 7, 7);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.fillRect(left + plotW + 30, legendY - 8, 14, 4);
      g.setColor(Color.BLACK);
      g.drawString(e.getKey(), left + plotW + 50, legendY - 2);
      legendY += 20;
    }
    g.dispose();
    ImageIO.write(image, "png", file);
  }

  private static double niceCeiling(double v) {
    double step = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * step >= v) {
        return m * step;
      }
    }
    return 10 * step;
  }
}
