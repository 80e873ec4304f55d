package io.genkern.io;

import io.genkern.GenkernException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text inputs (BVH, control files): UTF-8, a leading byte-order mark dropped, errors in words. */
public final class TextFiles {
    private TextFiles() {}

    /** The file's text; {@code what} names it in errors ("control file "). */
    public static String read(String what, Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw FileErrors.reading(what, path, e);
        }
        return decode(bytes, what + path);
    }

    /** UTF-8 text without a byte-order mark; {@code name} names the source in errors. */
    public static String decode(byte[] bytes, String name) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            int at = in.position();
            throw new GenkernException(name + " is not UTF-8 text (byte 0x" + Integer.toHexString(bytes[at] & 0xff) + " at offset " + at + ")");
        }
        return out.flip().toString();
    }
}
