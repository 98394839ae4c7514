package io.ramal.bench.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the heavy scenario's steps as a PNG with Java2D, headless: arrival-gap p99 against
 * concurrent calls (with the 25 ms limit), and the server's CPU against concurrent calls, one
 * line per server measured.
 */
public final class HeavyPlot {

    private static final int W = 900;
    private static final int PANEL_H = 330;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd)};

    /** One point: calls, gap p99 ms, server CPU % of a core (NaN when unknown), clean or not. */
    public record Point(int calls, double gapP99Ms, double cpuPercent, boolean clean) {
    }

    private HeavyPlot() {
    }

    /** The points of a heavy report. */
    public static List<Point> points(HeavyReport r) {
        List<Point> pts = new ArrayList<>();
        for (RunReport s : r.steps()) {
            pts.add(new Point(s.load().calls(), s.load().gapMs().p99(),
                    s.server() == null ? Double.NaN : s.server().cpuPercentOfCore(), s.passes()));
        }
        pts.sort((a, b) -> Integer.compare(a.calls(), b.calls()));
        return pts;
    }

    /** Renders {@code series} (label to points) to {@code out} as PNG. */
    public static void render(Map<String, List<Point>> series, String title, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int h = TOP + 2 * PANEL_H + 60;
        BufferedImage img = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, h);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 28);
            int maxCalls = 1;
            double maxGap = 30;
            double maxCpu = 100;
            for (List<Point> pts : series.values()) {
                for (Point p : pts) {
                    maxCalls = Math.max(maxCalls, p.calls());
                    maxGap = Math.max(maxGap, Math.min(p.gapP99Ms(), 200));
                    if (!Double.isNaN(p.cpuPercent())) {
                        maxCpu = Math.max(maxCpu, p.cpuPercent());
                    }
                }
            }
            maxCalls = niceCeil(maxCalls);
            panel(g, series, TOP, "arrival gap p99 (ms, capped at 200)", maxCalls, niceCeil(maxGap), true);
            panel(g, series, TOP + PANEL_H + 30, "server CPU (% of one core)", maxCalls, niceCeil(maxCpu), false);
            int x = LEFT + 10;
            int y = h - 18;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int i = 0;
            for (String label : series.keySet()) {
                g.setColor(COLORS[i++ % COLORS.length]);
                g.fillRect(x, y - 10, 24, 4);
                g.setColor(Color.BLACK);
                g.drawString(label, x + 30, y - 4);
                x += 40 + g.getFontMetrics().stringWidth(label) + 30;
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString("filled dot: clean step (no loss, gap p99 <= 25 ms); hollow: not clean", x, y - 4);
        } finally {
            g.dispose();
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", out.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static void panel(Graphics2D g, Map<String, List<Point>> series, int top, String yLabel, int maxX,
                              double maxY, boolean gap) {
        int left = LEFT;
        int width = W - LEFT - RIGHT;
        int height = PANEL_H - 50;
        int bottom = top + height;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i <= 5; i++) {
            int y = bottom - i * height / 5;
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, y, left + width, y);
            g.setColor(Color.DARK_GRAY);
            String v = String.format(Locale.ROOT, "%.0f", maxY * i / 5);
            g.drawString(v, left - 8 - g.getFontMetrics().stringWidth(v), y + 4);
        }
        int div = divisions(maxX);
        for (int i = 0; i <= div; i++) {
            int x = left + i * width / div;
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            String v = Integer.toString(maxX * i / div);
            g.drawString(v, x - g.getFontMetrics().stringWidth(v) / 2, bottom + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, width, height);
        g.drawString(yLabel, left, top - 6);
        String xl = "concurrent calls";
        g.drawString(xl, left + width - g.getFontMetrics().stringWidth(xl), bottom + 32);
        if (gap) {
            int y = bottom - (int) Math.round(25 / maxY * height);
            g.setColor(new Color(0x888888));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.drawLine(left, y, left + width, y);
            g.drawString("25 ms", left + width - 40, y - 4);
        }
        int i = 0;
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            Color c = COLORS[i++ % COLORS.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            Path2D line = new Path2D.Double();
            boolean started = false;
            List<int[]> dots = new ArrayList<>();
            for (Point p : e.getValue()) {
                double v = gap ? Math.min(p.gapP99Ms(), 200) : p.cpuPercent();
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = left + (double) p.calls() / maxX * width;
                double y = bottom - v / maxY * height;
                if (started) {
                    line.lineTo(x, y);
                } else {
                    line.moveTo(x, y);
                    started = true;
                }
                dots.add(new int[] {(int) x, (int) y, p.clean() ? 1 : 0});
            }
            g.draw(line);
            for (int[] d : dots) {
                if (d[2] == 1) {
                    g.fillOval(d[0] - 4, d[1] - 4, 9, 9);
                } else {
                    g.setColor(Color.WHITE);
                    g.fillOval(d[0] - 4, d[1] - 4, 9, 9);
                    g.setColor(c);
                    g.drawOval(d[0] - 4, d[1] - 4, 9, 9);
                }
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** How many grid steps split {@code max} into round numbers: 4 to 10, 5 when none does. */
    static int divisions(int max) {
        for (int d : new int[] {5, 4, 8, 10, 6}) {
            if (max % d == 0 && niceCeil(max / d) == max / d) {
                return d;
            }
        }
        return 5;
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code v}. */
    public static int niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(1, v))));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return (int) Math.ceil(m * p);
            }
        }
        return (int) Math.ceil(10 * p);
    }

    /** Keeps insertion order, for the legend. */
    public static Map<String, List<Point>> series() {
        return new LinkedHashMap<>();
    }
}
