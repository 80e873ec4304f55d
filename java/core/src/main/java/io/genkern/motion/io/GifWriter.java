package io.genkern.motion.io;

import io.genkern.GenkernException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/** Writes frames as a looping animated GIF with the JDK's ImageIO GIF writer. */
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
                for (int i = 0; i < frames.size(); i++) {
                    BufferedImage frame = frames.get(i);
                    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                    configure(meta, delayMillis / 10, i == 0);
                    writer.writeToSequence(new IIOImage(frame, null, meta), null);
                }
                writer.endWriteSequence();
            }
        } catch (IOException e) {
            throw new GenkernException("cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    private static void configure(IIOMetadata meta, int delayCentiseconds, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
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
