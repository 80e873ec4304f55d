package io.genkern.motion.io;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import io.genkern.motion.MotionClip;
import io.genkern.motion.Skeleton;
import io.genkern.motion.library.Action;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final long seed = TestSeeds.seed();

    @Test
    void longCaptionsWrapWithinTheFrame() {
        java.util.Random random = new java.util.Random(seed);
        java.awt.FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
                .getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 14));
        StringBuilder text = new StringBuilder();
        int words = 5 + random.nextInt(40);
        for (int i = 0; i < words; i++) text.append(i == 0 ? "" : " ").append("word".repeat(1 + random.nextInt(3)));
        int width = 150 + random.nextInt(200);
        List<String> lines = StickFigureRenderer.wrap(text.toString(), metrics, width, 3);
        assertTrue(lines.size() >= 1 && lines.size() <= 3, lines.toString());
        for (String line : lines) assertTrue(metrics.stringWidth(line) <= width, "'" + line + "' is wider than " + width);
        String joined = String.join(" ", lines);
        if (!joined.endsWith("…")) assertEquals(text.toString(), joined, "nothing lost when it fits");
        else assertTrue(text.toString().startsWith(joined.substring(0, Math.min(joined.length(), 4))), joined);
        List<String> oneWord = StickFigureRenderer.wrap("x".repeat(400), metrics, width, 3);
        assertEquals(1, oneWord.size());
        assertTrue(metrics.stringWidth(oneWord.get(0)) <= width && oneWord.get(0).endsWith("…"), "a word too long is cut");
    }

    @Test
    void htmlViewerIsOneSelfContainedFile(@TempDir Path dir) throws Exception {
        MotionClip walk = MotionLibrary.clip(Action.WALK, seed, 0);
        MotionClip wave = MotionLibrary.clip(Action.WAVE_BOTH, seed, 1);
        Path file = dir.resolve("view.html");
        HtmlViewer.write(file, "two <clips>", List.of(
                new HtmlViewer.Item("walk & \"stroll\"", Skeleton.smpl22(), walk.positions(), walk.fps()),
                new HtmlViewer.Item(wave.descriptions().get(0), Skeleton.smpl22(), wave.positions(), wave.fps())));
        String html = Files.readString(file);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        for (String needle : List.of("<canvas id=\"view0\"", "<canvas id=\"view1\"", "<script>", "</script>", "requestAnimationFrame",
                "id=\"play\"", "id=\"scrub\"", "id=\"speed\"", "id=\"camera\"", "pelvis path", "ArrowRight", "devicePixelRatio",
                "two &lt;clips&gt;", "walk &amp; &quot;stroll&quot;")) {
            assertTrue(html.contains(needle), "missing " + needle);
        }
        for (String forbidden : List.of("http://", "https://", "src=", "<link", "@import", "url(", "fetch(", "XMLHttpRequest")) {
            assertFalse(html.contains(forbidden), "references an outside resource: " + forbidden);
        }
        for (String tag : List.of("div", "script", "style", "select", "button", "canvas", "html", "head", "body")) {
            assertEquals(count(html, "<" + tag + "[ >]"), count(html, "</" + tag + ">"), "unbalanced <" + tag + ">");
        }
        // Every motion carries frames × joints × 3 millimetre values.
        Matcher m = Pattern.compile("frames:(\\d+),parents:\\[[^]]*],side:\\[[^]]*],mm:\\[([^]]*)]").matcher(html);
        int found = 0;
        while (m.find()) {
            int frames = Integer.parseInt(m.group(1));
            assertEquals(frames * 22 * 3, m.group(2).split(",").length);
            found++;
        }
        assertEquals(2, found);
        assertThrows(GenkernException.class, () -> HtmlViewer.html("empty", List.of()));
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void gifAndFilmstripDecodeBack(@TempDir Path dir) throws Exception {
        MotionClip clip = MotionLibrary.clip(Action.JUMP_IN_PLACE, seed, 0);
        StickFigureRenderer renderer = new StickFigureRenderer(Skeleton.smpl22());
        StickFigureRenderer.View view = StickFigureRenderer.View.standard(120, 140);
        List<BufferedImage> frames = renderer.frames(clip.positions(), 4, view, "jump");
        Path gif = dir.resolve("jump.gif");
        GifWriter.write(gif, frames, 200);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(frames.size(), reader.getNumImages(true));
            BufferedImage first = reader.read(0);
            assertEquals(120, first.getWidth());
            assertEquals(140, first.getHeight());
            // The shared palette keeps the picture: a decoded frame is the rendered one, colour for colour up to the palette.
            int k = new java.util.Random(seed).nextInt(frames.size());
            BufferedImage decoded = reader.read(k), source = frames.get(k);
            long sum = 0;
            int worst = 0;
            for (int y = 0; y < 140; y++) {
                for (int x = 0; x < 120; x++) {
                    int a = decoded.getRGB(x, y), b = source.getRGB(x, y);
                    for (int shift = 0; shift <= 16; shift += 8) {
                        int d = Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff));
                        sum += d;
                        worst = Math.max(worst, d);
                    }
                }
            }
            double mean = sum / (3.0 * 120 * 140);
            assertTrue(mean < 1 && worst < 64, "frame " + k + " decodes with mean channel error " + mean + ", worst " + worst);
            IIOMetadata meta = reader.getImageMetadata(0);
            Node root = meta.getAsTree(meta.getNativeMetadataFormatName());
            assertTrue(describe(root).contains("NETSCAPE"), "the GIF loops");
            assertTrue(describe(root).contains("delayTime=20"), "frames last 200 ms");
            reader.dispose();
        }
        // The figure is drawn: the image is not one flat colour.
        BufferedImage f = frames.get(0);
        long distinct = java.util.stream.IntStream.range(0, f.getWidth() * f.getHeight())
                .map(i -> f.getRGB(i % f.getWidth(), i / f.getWidth())).distinct().count();
        assertTrue(distinct > 5, "only " + distinct + " colours");

        Path png = dir.resolve("strip.png");
        renderer.writeFilmstrip(png, clip.positions(), clip.fps(), 6, view);
        BufferedImage strip = ImageIO.read(png.toFile());
        assertEquals(6 * 120, strip.getWidth());
        assertEquals(140, strip.getHeight());
        assertThrows(GenkernException.class, () -> GifWriter.write(dir.resolve("x.gif"), List.of(), 50));
        assertThrows(GenkernException.class, () -> renderer.frame(clip.positions(), clip.frames(), view, null));
    }

    private static String describe(Node node) {
        StringBuilder sb = new StringBuilder(node.getNodeName());
        if (node.getAttributes() != null) {
            for (int i = 0; i < node.getAttributes().getLength(); i++) {
                Node a = node.getAttributes().item(i);
                sb.append(' ').append(a.getNodeName()).append('=').append(a.getNodeValue());
            }
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) sb.append('\n').append(describe(c));
        return sb.toString();
    }

    @Test
    void npyFilesHoldFeaturesAndPositions(@TempDir Path dir) {
        MotionClip clip = MotionLibrary.clip(Action.CLAP, seed, 0);
        float[][] features = clip.features();
        MotionNpy.writeFeatures(dir.resolve("f.npy"), features);
        MotionNpy.writePositions(dir.resolve("p.npy"), clip.positions());
        float[][] f = MotionNpy.readFeatures(dir.resolve("f.npy"));
        float[][][] p = MotionNpy.readPositions(dir.resolve("p.npy"));
        assertEquals(features.length, f.length);
        for (int t = 0; t < f.length; t++) assertArrayEquals(features[t], f[t]);
        for (int t = 0; t < p.length; t++) for (int j = 0; j < 22; j++) assertArrayEquals(clip.positions()[t][j], p[t][j]);
        assertThrows(GenkernException.class, () -> MotionNpy.readFeatures(dir.resolve("p.npy")));
    }
}
