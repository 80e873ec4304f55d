package io.genkern.attention;

import io.genkern.GenkernException;

import java.util.Locale;

/**
 * Implementation paths of the fused attention. {@link #AUTO} lets the dispatcher choose; the others
 * force one (tests, benchmarks). The system property {@code genkern.attention.path} sets the default.
 * Codes match {@code gk_attention_path}.
 */
public enum AttentionPath {
    /** The dispatcher chooses from the shapes and the device. */
    AUTO,
    /** Tiled flash attention; head dims Dk == Dv in {32, 64, 80, 96, 128, 256}. */
    FLASH,
    /** Keys split across the machine, partial results combined through their LSE (flash-decoding). */
    SPLIT_KV,
    /** Any head dims up to 4096. */
    GENERAL;

    public static final String PROPERTY = "genkern.attention.path";

    public int code() {
        return ordinal();
    }

    static AttentionPath of(int code) {
        return values()[code];
    }

    /** Parses auto, flash, split (split_kv, split-kv) or general. */
    public static AttentionPath parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (t) {
            case "auto", "" -> AUTO;
            case "flash" -> FLASH;
            case "split", "split_kv" -> SPLIT_KV;
            case "general" -> GENERAL;
            default -> throw new GenkernException("unknown attention path '" + s + "'; expected auto, flash, split or general");
        };
    }

    static AttentionPath fromProperty() {
        String p = System.getProperty(PROPERTY);
        return p == null ? AUTO : parse(p);
    }
}
