package io.genkern.image.sets;

import io.genkern.GenkernException;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The DejaVu faces the glyphs set draws with, loaded once from the jasperreports-fonts jar on the
 * class path: machines without system fonts (no fontconfig) can still render them.
 */
final class GlyphFonts {
    private GlyphFonts() {}

    private static final String DIR = "net/sf/jasperreports/fonts/dejavu/";
    private static final List<String> FILES = List.of(
            "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSansCondensed-Bold.ttf",
            "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
            "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf");

    /** Outlines are taken at this size and scaled down, so hinting and rounding at small sizes play no part. */
    static final float POINTS = 200f;

    private static List<Font> faces;

    /** The faces at {@link #POINTS}, loaded on first use; an error naming the cause when they cannot be. */
    static synchronized List<Font> faces() {
        if (faces == null) {
            List<Font> loaded = new ArrayList<>();
            for (String file : FILES) loaded.add(load(file));
            faces = List.copyOf(loaded);
        }
        return faces;
    }

    private static Font load(String file) {
        InputStream in = GlyphFonts.class.getClassLoader().getResourceAsStream(DIR + file);
        if (in == null) {
            throw new GenkernException("the glyphs set needs the DejaVu fonts of net.sf.jasperreports:jasperreports-fonts on the class path; "
                    + DIR + file + " is missing");
        }
        try (in) {
            return Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(POINTS);
        } catch (IOException | FontFormatException | RuntimeException | LinkageError e) {
            // e.g. a JDK without its font support (libfontmanager, libfreetype) or an unwritable temp directory (createFont copies the font there)
            throw new GenkernException("the glyphs set cannot load font " + file + " in this JVM: " + e, e);
        }
    }
}
