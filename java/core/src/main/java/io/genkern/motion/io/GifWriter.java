package io.genkern.motion.io;

import io.genkern.io.FileErrors;
import io.genkern.GenkernException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Writes frames as a looping animated GIF with the JDK's ImageIO GIF writer. Frames are first
 * mapped onto one shared 256-colour palette (the writer's own per-frame quantisation took most of
 * the time of a motion's outputs, about 0.5 s for 60 frames).
 */
public final class GifWriter {
    private GifWriter() {}

    /**
     * Writes {@code frames} (all the same size) to {@code path}, each shown for {@code delayMillis}
     * (GIF stores hundredths of a second), looping forever (the NETSCAPE2.0 application extension).
     */
    public static void write(Path path, List<BufferedImage> frames, int delayMillis) {
        if (frames.isEmpty()) throw new GenkernException("a GIF needs at least one frame");
        if (delayMillis < 10) throw new GenkernException("GIF frame delay " + delayMillis + " ms is below the 10 ms GIF resolution");
        int w = frames.get(0).getWidth();
        int h = frames.get(0).getHeight();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).getWidth() != w || frames.get(i).getHeight() != h) {
                throw new GenkernException("GIF frame " + i + " is " + frames.get(i).getWidth() + "x" + frames.get(i).getHeight()
                        + " but frame 0 is " + w + "x" + h);
            }
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) throw new GenkernException("this JDK has no ImageIO GIF writer");
        ImageWriter writer = writers.next();
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.deleteIfExists(path);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(path.toFile())) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                List<BufferedImage> indexed = indexed(frames);
                for (int i = 0; i < indexed.size(); i++) {
                    BufferedImage frame = indexed.get(i);
                    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                    configure(meta, (IndexColorModel) frame.getColorModel(), delayMillis / 10, i == 0);
                    writer.writeToSequence(new IIOImage(frame, null, meta), null);
                }
                writer.endWriteSequence();
            }
        } catch (IOException e) {
            throw FileErrors.writing(path, e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The frames as 8-bit indexed images over one palette: colours are binned at 5 bits per channel,
     * the 256 most frequent bins (their mean colours) form the palette, and every bin maps to its
     * nearest palette colour. Rendered figures have a few base colours and their antialiased blends,
     * which this keeps almost exactly.
     */
    static List<BufferedImage> indexed(List<BufferedImage> frames) {
        int w = frames.get(0).getWidth(), h = frames.get(0).getHeight();
        int[][] pixels = new int[frames.size()][];
        long[] count = new long[1 << 15], sumR = new long[1 << 15], sumG = new long[1 << 15], sumB = new long[1 << 15];
        for (int f = 0; f < frames.size(); f++) {
            pixels[f] = frames.get(f).getRGB(0, 0, w, h, null, 0, w);
            for (int rgb : pixels[f]) {
                int bin = bin(rgb);
                count[bin]++;
                sumR[bin] += (rgb >> 16) & 0xff;
                sumG[bin] += (rgb >> 8) & 0xff;
                sumB[bin] += rgb & 0xff;
            }
        }
        Integer[] used = java.util.stream.IntStream.range(0, 1 << 15).filter(b -> count[b] > 0).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(used, (a, b) -> Long.compare(count[b], count[a]));
        int colours = Math.min(256, used.length);
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        int[][] palette = new int[colours][3];
        for (int i = 0; i < colours; i++) {
            palette[i] = mean(used[i], count, sumR, sumG, sumB);
            r[i] = (byte) palette[i][0];
            g[i] = (byte) palette[i][1];
            b[i] = (byte) palette[i][2];
        }
        byte[] index = new byte[1 << 15];
        for (int bin : used) {
            int[] c = mean(bin, count, sumR, sumG, sumB);
            int best = 0;
            long bestDistance = Long.MAX_VALUE;
            for (int i = 0; i < colours; i++) {
                long dr = c[0] - palette[i][0], dg = c[1] - palette[i][1], db = c[2] - palette[i][2];
                long d = dr * dr + dg * dg + db * db;
                if (d < bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
            index[bin] = (byte) best;
        }
        IndexColorModel model = new IndexColorModel(8, 256, r, g, b);
        List<BufferedImage> out = new java.util.ArrayList<>(frames.size());
        for (int[] frame : pixels) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
            byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < frame.length; i++) data[i] = index[bin(frame[i])];
            out.add(image);
        }
        return out;
    }

    private static int[] mean(int bin, long[] count, long[] sumR, long[] sumG, long[] sumB) {
        long n = count[bin];
        return new int[] {(int) ((sumR[bin] + n / 2) / n), (int) ((sumG[bin] + n / 2) / n), (int) ((sumB[bin] + n / 2) / n)};
    }

    private static int bin(int rgb) {
        return ((rgb >> 9) & 0x7c00) | ((rgb >> 6) & 0x03e0) | ((rgb >> 3) & 0x001f);
    }

    private static void configure(IIOMetadata meta, IndexColorModel palette, int delayCentiseconds, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        // The writer's default table is not the image's palette: write the palette itself.
        IIOMetadataNode table = child(root, "LocalColorTable");
        while (table.getFirstChild() != null) table.removeChild(table.getFirstChild());
        table.setAttribute("sizeOfLocalColorTable", Integer.toString(palette.getMapSize()));
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < palette.getMapSize(); i++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(i));
            entry.setAttribute("red", Integer.toString(palette.getRed(i)));
            entry.setAttribute("green", Integer.toString(palette.getGreen(i)));
            entry.setAttribute("blue", Integer.toString(palette.getBlue(i)));
            table.appendChild(entry);
        }
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
