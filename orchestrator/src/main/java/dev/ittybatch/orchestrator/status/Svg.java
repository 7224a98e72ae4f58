package dev.ittybatch.orchestrator.status;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts. Series are told apart by fill and by pattern, and every bar carries its
 * number, so a chart still reads printed in black and white.
 */
final class Svg {

  /** One bar: a label and its values, one per series. */
  record Bar(String label, double[] values, String title) {}

  static final String[] FILLS = {"#2f6f4f", "url(#hatch)", "#9aa5b1"};

  private Svg() {}

  /** Vertical bars, stacked by series; labels under every few bars. */
  static String stackedBars(String title, List<String> series, List<Bar> bars, String unit) {
    int width = 640;
    int height = 200;
    int left = 40;
    int bottom = 30;
    double max = 1;
    for (Bar bar : bars) {
      double sum = 0;
      for (double v : bar.values()) {
        sum += v;
      }
      max = Math.max(max, sum);
    }
    StringBuilder svg = open(title, width, height + 20);
    legend(svg, series, left);
    double slot = bars.isEmpty() ? 0 : (double) (width - left) / bars.size();
    double barWidth = Math.max(1, slot * 0.8);
    int labelEvery = Math.max(1, bars.size() / 8);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double x = left + i * slot;
      double y = height - bottom + 20;
      for (int s = 0; s < bar.values().length; s++) {
        double h = (height - bottom - 10) * bar.values()[s] / max;
        y -= h;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\""
                    + " stroke=\"#222\" stroke-width=\"0.5\"><title>%s</title></rect>",
                x,
                y,
                barWidth,
                h,
                FILLS[s % FILLS.length],
                Html.escape(bar.title())));
      }
      if (i % labelEvery == 0) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>",
                x,
                height + 15,
                Html.escape(bar.label())));
      }
    }
    axis(svg, left, height - bottom + 20, max, unit);
    return svg.append("</svg>").toString();
  }

  /** Horizontal bars with their value written at the end: one per label. */
  static String horizontalBars(
      String title, List<String> labels, List<Double> values, String unit) {
    int rowHeight = 22;
    int width = 640;
    int left = 140;
    int height = Math.max(1, labels.size()) * rowHeight + 10;
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    max = max <= 0 ? 1 : max;
    StringBuilder svg = open(title, width, height);
    for (int i = 0; i < labels.size(); i++) {
      double w = (width - left - 90) * values.get(i) / max;
      int y = 5 + i * rowHeight;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
                  + " stroke=\"#222\" stroke-width=\"0.5\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>",
              y + 14,
              Html.escape(labels.get(i)),
              left,
              y,
              w,
              rowHeight - 6,
              FILLS[0],
              left + w + 6,
              y + 14,
              Html.escape(format(values.get(i)) + unit)));
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String title, int width, int height) {
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %d %d\""
                + " width=\"100%%\" aria-label=\"%s\"><title>%s</title>"
                + "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\""
                + " patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b03a2e\" stroke-width=\"3\"/>"
                + "</pattern></defs>",
            width,
            height,
            Html.escape(title),
            Html.escape(title)));
    return svg;
  }

  private static void legend(StringBuilder svg, List<String> series, int left) {
    for (int s = 0; s < series.size(); s++) {
      int x = left + s * 150;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"2\" width=\"12\" height=\"12\" fill=\"%s\" stroke=\"#222\""
                  + " stroke-width=\"0.5\"/><text x=\"%d\" y=\"12\" font-size=\"12\">%s</text>",
              x,
              FILLS[s % FILLS.length],
              x + 16,
              Html.escape(series.get(s))));
    }
  }

  private static void axis(StringBuilder svg, int left, int baseline, double max, String unit) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"640\" y2=\"%d\" stroke=\"#222\"/>"
                + "<text x=\"0\" y=\"30\" font-size=\"10\">%s</text>"
                + "<text x=\"0\" y=\"%d\" font-size=\"10\">0</text>",
            left,
            baseline,
            baseline,
            Html.escape(format(max) + unit),
            baseline));
  }

  static String format(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
