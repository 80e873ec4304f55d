package io.genkern.image;

import io.genkern.io.FileErrors;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** A contact sheet (one PNG) and a self-contained offline HTML gallery of generated images. */
public final class ImageGallery {
    private ImageGallery() {}

    /** An image with its caption (file name, label, metrics). */
    public record Item(String caption, Image image) {}

    /** The images side by side in rows of up to {@code columns}, on a dark grey background with a 4-pixel gutter. */
    public static Image contactSheet(List<Image> images, int columns) {
        int cols = Math.min(columns, images.size()), rows = (images.size() + cols - 1) / cols, gap = 4;
        int cw = 0, ch = 0, c = 1;
        for (Image im : images) {
            cw = Math.max(cw, im.width());
            ch = Math.max(ch, im.height());
            c = Math.max(c, im.channels());
        }
        int w = cols * cw + (cols + 1) * gap, h = rows * ch + (rows + 1) * gap;
        float[] px = new float[w * h * c];
        java.util.Arrays.fill(px, 0.15f);
        for (int i = 0; i < images.size(); i++) {
            Image im = images.get(i).withChannels(c);
            int ox = gap + (i % cols) * (cw + gap), oy = gap + (i / cols) * (ch + gap);
            for (int y = 0; y < im.height(); y++) {
                for (int x = 0; x < im.width(); x++) {
                    for (int k = 0; k < c; k++) px[((oy + y) * w + ox + x) * c + k] = im.get(y, x, k);
                }
            }
        }
        return new Image(w, h, c, px);
    }

    /**
     * An HTML page with every image embedded (no external files or network), shown enlarged with
     * nearest-neighbour scaling and a zoom slider, the run's settings and metrics above.
     */
    public static void writeHtml(Path path, String title, String settings, List<Item> items) {
        StringBuilder s = new StringBuilder();
        s.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title)).append("</title><style>")
                .append("body{background:#1e1e1e;color:#ddd;font:14px sans-serif;margin:16px}")
                .append("figure{display:inline-block;margin:8px;vertical-align:top}")
                .append("img{image-rendering:pixelated;width:calc(var(--zoom)*1px*var(--w));border:1px solid #444}")
                .append("figcaption{max-width:320px;font-size:12px;white-space:pre-wrap}pre{color:#aaa}</style></head><body style=\"--zoom:4\">")
                .append("<h2>").append(escape(title)).append("</h2><pre>").append(escape(settings)).append("</pre>")
                .append("<label>zoom <input type=\"range\" min=\"1\" max=\"12\" value=\"4\" ")
                .append("oninput=\"document.body.style.setProperty('--zoom',this.value)\"></label><div>");
        for (Item item : items) {
            s.append("<figure><img style=\"--w:").append(item.image().width()).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png(item.image()))).append("\" alt=\"").append(escape(item.caption()))
                    .append("\"><figcaption>").append(escape(item.caption())).append("</figcaption></figure>");
        }
        s.append("</div></body></html>\n");
        try {
            Files.writeString(path, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FileErrors.writing(path, e);
        }
    }

    private static byte[] png(Image image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(ImageFiles.toBufferedImage(image), "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("writing a PNG to memory failed", e);
        }
        return out.toByteArray();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
