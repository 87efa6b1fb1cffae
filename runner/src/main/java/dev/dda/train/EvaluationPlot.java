package dev.dda.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** evaluation.png: the ROC curve and the score histogram of each class, with the threshold, for a person. */
final class EvaluationPlot {
    static final int WIDTH = 1000;
    static final int HEIGHT = 460;
    private static final int BINS = 20;
    private static final int PANEL = 340;
    private static final Color NORMAL = new Color(0x1f77b4);
    private static final Color ANOMALY = new Color(0xd62728);

    private EvaluationPlot() {}

    static void write(Evaluation evaluation, String title, Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, 20, 26);
            roc(g, evaluation, 80, 60);
            histogram(g, evaluation, 570, 60);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static void roc(Graphics2D g, Evaluation e, int x0, int y0) {
        axes(g, x0, y0, "false positive rate", "true positive rate",
                String.format(Locale.ROOT, "ROC curve, AUROC %.3f", e.auroc()));
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
        g.drawLine(x0, y0 + PANEL, x0 + PANEL, y0);
        Path2D curve = new Path2D.Double();
        double[][] points = e.scores().roc();
        for (int i = 0; i < points.length; i++) {
            double px = x0 + points[i][0] * PANEL;
            double py = y0 + PANEL - points[i][1] * PANEL;
            if (i == 0) {
                curve.moveTo(px, py);
            } else {
                curve.lineTo(px, py);
            }
        }
        g.setColor(ANOMALY);
        g.setStroke(new BasicStroke(2.5f));
        g.draw(curve);
        Confusion c = e.confusion();
        g.fillOval((int) (x0 + (1 - c.specificity()) * PANEL) - 5, (int) (y0 + PANEL - c.recall() * PANEL) - 5, 10, 10);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "dot: threshold %.3f (F1 %.3f)", e.threshold(), c.f1()),
                x0 + 120, y0 + PANEL - 12);
    }

    private static void histogram(Graphics2D g, Evaluation e, int x0, int y0) {
        axes(g, x0, y0, "anomaly score", "images", "score histogram by class");
        int[][] counts = new int[2][BINS];
        double[] scores = e.scores().scores();
        int[] labels = e.scores().labels();
        int max = 1;
        for (int i = 0; i < scores.length; i++) {
            int bin = Math.min(BINS - 1, Math.max(0, (int) (scores[i] * BINS)));
            max = Math.max(max, ++counts[labels[i]][bin]);
        }
        double binWidth = (double) PANEL / BINS;
        for (int label = 0; label < 2; label++) {
            Color color = label == LabeledImage.NORMAL ? NORMAL : ANOMALY;
            g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 140));
            for (int b = 0; b < BINS; b++) {
                int h = (int) Math.round((double) counts[label][b] / max * PANEL);
                g.fillRect((int) (x0 + b * binWidth) + 1, y0 + PANEL - h, (int) binWidth - 1, h);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.valueOf(max), x0 - 28, y0 + 5);
        int tx = (int) (x0 + e.threshold() * PANEL);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(tx, y0, tx, y0 + PANEL);
        g.drawString(String.format(Locale.ROOT, "threshold %.3f", e.threshold()), tx + 4, y0 + 14);
        legend(g, x0 + 200, y0 + 30, NORMAL, "normal (" + e.scores().count(LabeledImage.NORMAL) + ")");
        legend(g, x0 + 200, y0 + 50, ANOMALY, "anomaly (" + e.scores().count(LabeledImage.ANOMALY) + ")");
    }

    private static void legend(Graphics2D g, int x, int y, Color color, String text) {
        g.setColor(color);
        g.fillRect(x, y - 10, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 18, y);
    }

    private static void axes(Graphics2D g, int x0, int y0, String xLabel, String yLabel, String title) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x0, y0, PANEL, PANEL);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, x0, y0 - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 4; i++) {
            int px = x0 + i * PANEL / 4;
            g.drawLine(px, y0 + PANEL, px, y0 + PANEL + 4);
            g.drawString(String.format(Locale.ROOT, "%.2f", i / 4.0), px - 12, y0 + PANEL + 18);
        }
        g.drawString(xLabel, x0 + PANEL / 2 - 40, y0 + PANEL + 36);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(y0 + PANEL / 2 + 40), x0 - 36);
        g.setTransform(saved);
        if (yLabel.equals("true positive rate")) {
            for (int i = 0; i <= 4; i++) {
                int py = y0 + PANEL - i * PANEL / 4;
                g.drawLine(x0 - 4, py, x0, py);
                g.drawString(String.format(Locale.ROOT, "%.2f", i / 4.0), x0 - 32, py + 4);
            }
        }
    }
}
