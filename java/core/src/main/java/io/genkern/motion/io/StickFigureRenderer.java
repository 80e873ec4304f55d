package io.genkern.motion.io;

import io.genkern.io.FileErrors;
import io.genkern.GenkernException;
import io.genkern.motion.Motions;
import io.genkern.motion.Skeleton;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws a skeleton as a 3D stick figure with Java2D (works headless): perspective camera orbiting the
 * body and following its root over a 1 m ground grid; left limbs blue, right limbs red, trunk grey.
 * Used for GIF animations ({@link GifWriter}) and PNG filmstrips.
 */
public final class StickFigureRenderer {
    private static final Color BACKGROUND = new Color(250, 250, 247);
    private static final Color GRID = new Color(205, 205, 200);
    private static final Color LEFT = new Color(40, 100, 210);
    private static final Color RIGHT = new Color(210, 60, 50);
    private static final Color CENTER = new Color(70, 70, 70);

    /** Camera: image size, orbit angles in degrees (azimuth 0 puts the camera on +Z, facing a body that faces +Z), distance in metres. */
    public record View(int width, int height, double azimuthDegrees, double elevationDegrees, double distance) {
        public View {
            if (width < 16 || height < 16 || width > 4096 || height > 4096) {
                throw new GenkernException("view size " + width + "x" + height + " must be within 16..4096");
            }
            if (!(distance > 0.5)) throw new GenkernException("camera distance " + distance + " m must exceed 0.5");
        }

        /** A three-quarter front view from 4 m. */
        public static View standard(int width, int height) {
            return new View(width, height, 30, 15, 4.0);
        }
    }

    private final Skeleton skeleton;
    private final Color[] boneColors;

    public StickFigureRenderer(Skeleton skeleton) {
        this.skeleton = skeleton;
        boneColors = new Color[skeleton.joints()];
        for (int j = 0; j < boneColors.length; j++) {
            int side = JointSides.of(skeleton.name(j));
            boneColors[j] = side == JointSides.LEFT ? LEFT : side == JointSides.RIGHT ? RIGHT : CENTER;
        }
    }

    /** Frame {@code t} of {@code positions} [T][J][3], with an optional caption (null for none). */
    public BufferedImage frame(float[][][] positions, int t, View view, String caption) {
        Motions.check(positions, skeleton.joints());
        if (t < 0 || t >= positions.length) throw new GenkernException("frame " + t + " is outside 0.." + (positions.length - 1));
        BufferedImage image = new BufferedImage(view.width(), view.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, positions[t], view, caption);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Every {@code step}-th frame, rendered. */
    public List<BufferedImage> frames(float[][][] positions, int step, View view, String caption) {
        if (step < 1) throw new GenkernException("frame step must be at least 1, got " + step);
        List<BufferedImage> out = new ArrayList<>();
        for (int t = 0; t < positions.length; t += step) out.add(frame(positions, t, view, caption));
        return out;
    }

    /** A PNG strip of {@code count} evenly spaced frames side by side, each {@code view}-sized, captioned with their time. */
    public void writeFilmstrip(Path path, float[][][] positions, float fps, int count, View view) {
        Motions.check(positions, skeleton.joints());
        if (count < 1) throw new GenkernException("filmstrip needs at least one frame, got " + count);
        int n = Math.min(count, positions.length);
        BufferedImage strip = new BufferedImage(view.width() * n, view.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = strip.createGraphics();
        try {
            for (int i = 0; i < n; i++) {
                int t = n == 1 ? 0 : (int) Math.round(i * (positions.length - 1) / (double) (n - 1));
                g.drawImage(frame(positions, t, view, String.format(Locale.ROOT, "%.2f s", t / fps)), i * view.width(), 0, null);
            }
        } finally {
            g.dispose();
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(strip, "png", path.toFile())) throw new GenkernException("no PNG writer available");
        } catch (IOException e) {
            throw FileErrors.writing(path, e);
        }
    }

    private void draw(Graphics2D g, float[][] joints, View view, String caption) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, view.width(), view.height());
        Camera cam = new Camera(view, joints[0][0], 0.9, joints[0][2]);

        g.setStroke(new BasicStroke(1f));
        g.setColor(GRID);
        double cx = Math.floor(joints[0][0]);
        double cz = Math.floor(joints[0][2]);
        for (int i = -4; i <= 5; i++) {
            line(g, cam, cx + i, 0, cz - 4, cx + i, 0, cz + 5);
            line(g, cam, cx - 4, 0, cz + i, cx + 5, 0, cz + i);
        }

        // Painter's order: far bones first.
        Integer[] order = new Integer[joints.length];
        double[] depth = new double[joints.length];
        for (int j = 0; j < joints.length; j++) {
            order[j] = j;
            int p = Math.max(0, skeleton.parent(j));
            depth[j] = cam.depth((joints[j][0] + joints[p][0]) / 2, (joints[j][1] + joints[p][1]) / 2, (joints[j][2] + joints[p][2]) / 2);
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -depth[j]));
        float width = (float) Math.max(2, view.height() / 80.0);
        for (int j : order) {
            int p = skeleton.parent(j);
            if (p < 0) continue;
            double[] a = cam.project(joints[p][0], joints[p][1], joints[p][2]);
            double[] b = cam.project(joints[j][0], joints[j][1], joints[j][2]);
            if (a == null || b == null) continue;
            g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(boneColors[j]);
            g.draw(new Line2D.Double(a[0], a[1], b[0], b[1]));
            g.fill(new Ellipse2D.Double(b[0] - width, b[1] - width, 2 * width, 2 * width));
        }
        if (caption != null && !caption.isEmpty()) {
            g.setColor(CENTER);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, view.height() / 24)));
            java.awt.FontMetrics metrics = g.getFontMetrics();
            List<String> lines = wrap(caption, metrics, view.width() - 12, MAX_CAPTION_LINES);
            for (int i = 0; i < lines.size(); i++) {
                g.drawString(lines.get(i), 6, view.height() - 8 - (lines.size() - 1 - i) * metrics.getHeight());
            }
        }
    }

    /** A caption as long as a prompt gets up to this many lines at the bottom, the last one cut with "…". */
    static final int MAX_CAPTION_LINES = 3;

    /** {@code text} broken at spaces into lines no wider than {@code width} (a longer word alone is cut). */
    static List<String> wrap(String text, java.awt.FontMetrics metrics, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (!line.isEmpty()) lines.add(line.toString());
        if (lines.size() > maxLines) {
            lines = new ArrayList<>(lines.subList(0, maxLines));
            lines.set(maxLines - 1, lines.get(maxLines - 1) + " …");
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            while (metrics.stringWidth(l) > width && l.length() > 1) l = l.substring(0, l.length() - 2) + "…";
            lines.set(i, l);
        }
        return lines;
    }

    private static void line(Graphics2D g, Camera cam, double x0, double y0, double z0, double x1, double y1, double z1) {
        double[] a = cam.project(x0, y0, z0);
        double[] b = cam.project(x1, y1, z1);
        if (a != null && b != null) g.draw(new Line2D.Double(a[0], a[1], b[0], b[1]));
    }

    /** Pinhole camera on a sphere around a target point, Y up. */
    private static final class Camera {
        private final double[] eye;
        private final double[] right;
        private final double[] up;
        private final double[] forward;
        private final double focal;
        private final double cx;
        private final double cy;

        Camera(View view, double tx, double ty, double tz) {
            double az = Math.toRadians(view.azimuthDegrees());
            double el = Math.toRadians(view.elevationDegrees());
            eye = new double[] {tx + view.distance() * Math.cos(el) * Math.sin(az), ty + view.distance() * Math.sin(el),
                tz + view.distance() * Math.cos(el) * Math.cos(az)};
            forward = normalize(new double[] {tx - eye[0], ty - eye[1], tz - eye[2]});
            right = normalize(cross(forward, new double[] {0, 1, 0}));
            up = cross(right, forward);
            focal = view.height() / (2 * Math.tan(Math.toRadians(22)));
            cx = view.width() / 2.0;
            cy = view.height() / 2.0;
        }

        double depth(double x, double y, double z) {
            return (x - eye[0]) * forward[0] + (y - eye[1]) * forward[1] + (z - eye[2]) * forward[2];
        }

        /** Pixel coordinates, or null behind the camera. */
        double[] project(double x, double y, double z) {
            double dx = x - eye[0], dy = y - eye[1], dz = z - eye[2];
            double d = dx * forward[0] + dy * forward[1] + dz * forward[2];
            if (d < 0.05) return null;
            double sx = dx * right[0] + dy * right[1] + dz * right[2];
            double sy = dx * up[0] + dy * up[1] + dz * up[2];
            return new double[] {cx + focal * sx / d, cy - focal * sy / d};
        }

        private static double[] cross(double[] a, double[] b) {
            return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
        }

        private static double[] normalize(double[] v) {
            double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            return new double[] {v[0] / n, v[1] / n, v[2] / n};
        }
    }
}
