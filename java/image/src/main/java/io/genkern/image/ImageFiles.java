package io.genkern.image;

import io.genkern.GenkernException;
import io.genkern.io.FileErrors;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reading and writing images (PNG, JPEG, BMP, GIF in; PNG out) with errors that say what is wrong. */
public final class ImageFiles {
    private ImageFiles() {}

    /** The file name endings {@link #listImages} picks up. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");

    /** Reads an image: RGB unless every pixel is grey, then 1 channel. The alpha channel, if any, is dropped (see {@link #readAlpha}). */
    public static Image read(Path path) {
        BufferedImage img = decode(path);
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        boolean grey = true;
        for (int p : argb) {
            if (((p >> 16) & 255) != ((p >> 8) & 255) || ((p >> 8) & 255) != (p & 255)) {
                grey = false;
                break;
            }
        }
        int c = grey ? 1 : 3;
        float[] px = new float[w * h * c];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            if (grey) {
                px[i] = (p & 255) / 255f;
            } else {
                px[i * 3] = ((p >> 16) & 255) / 255f;
                px[i * 3 + 1] = ((p >> 8) & 255) / 255f;
                px[i * 3 + 2] = (p & 255) / 255f;
            }
        }
        return new Image(w, h, c, px);
    }

    /** The alpha channel of an image file as a grey image, or null when it has none. */
    public static Image readAlpha(Path path) {
        BufferedImage img = decode(path);
        if (!img.getColorModel().hasAlpha()) return null;
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] px = new float[w * h];
        for (int i = 0; i < argb.length; i++) px[i] = ((argb[i] >>> 24) & 255) / 255f;
        return new Image(w, h, 1, px);
    }

    private static BufferedImage decode(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new GenkernException("cannot read image " + path + ": " + (Files.isDirectory(path) ? "it is a directory" : "no such file"));
        }
        BufferedImage img;
        try (InputStream in = Files.newInputStream(path)) {
            img = ImageIO.read(in);
        } catch (IOException e) {
            throw FileErrors.reading("image ", path, e);
        } catch (RuntimeException e) { // ImageIO's decoders throw unchecked exceptions on corrupt data
            throw new GenkernException("cannot read image " + path + ": corrupt image data (" + e + ")", e);
        }
        if (img == null) throw new GenkernException("cannot read image " + path + ": not a PNG, JPEG, BMP or GIF image");
        return img;
    }

    /** Writes a PNG (values clamped to [0, 1] and rounded to 8 bits). */
    public static void writePng(Image image, Path path) {
        try (OutputStream out = Files.newOutputStream(path)) {
            if (!ImageIO.write(toBufferedImage(image), "png", out)) throw new GenkernException("no PNG writer in this JVM");
        } catch (IOException e) {
            throw FileErrors.writing(path, e);
        }
    }

    /** The 8-bit value a pixel value in [0, 1] is written as. */
    public static int toByte(float v) {
        return Math.round(Math.min(Math.max(v, 0f), 1f) * 255f);
    }

    static BufferedImage toBufferedImage(Image image) {
        int w = image.width(), h = image.height(), c = image.channels();
        BufferedImage out = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        float[] px = image.pixels();
        if (c == 1) {
            byte[] row = new byte[w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) row[x] = (byte) toByte(px[y * w + x]);
                out.getRaster().setDataElements(0, y, w, 1, row);
            }
        } else {
            int[] rgb = new int[w * h];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = toByte(px[i * 3]) << 16 | toByte(px[i * 3 + 1]) << 8 | toByte(px[i * 3 + 2]);
            }
            out.setRGB(0, 0, w, h, rgb, 0, w);
        }
        return out;
    }

    /** The image files directly in {@code dir}, sorted by name; an error when there are none. */
    public static List<Path> listImages(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new GenkernException("cannot read image folder " + dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).filter(p -> EXTENSIONS.contains(extension(p))).sorted().forEach(files::add);
        } catch (IOException e) {
            throw FileErrors.reading("image folder ", dir, e);
        }
        if (files.isEmpty()) throw new GenkernException("image folder " + dir + " has no images (" + String.join(", ", EXTENSIONS) + ")");
        return files;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
