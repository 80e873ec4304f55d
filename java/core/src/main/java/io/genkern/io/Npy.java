package io.genkern.io;

import io.genkern.GenkernException;
import io.genkern.Half;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes numpy {@code .npy} files (format versions 1–3, C order, little endian) so that a
 * kernel can be fed arrays prepared with numpy or PyTorch. Supported element types: float32
 * ({@code <f4}), float16 ({@code <f2}), float64 ({@code <f8}, read only, narrowed to float32) and
 * int32 ({@code <i4}, read only, widened to float32).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** An array read from a file: its shape and its values as float32 in C order. */
    public record Array(long[] shape, float[] data) {
        public Array {
            long n = 1;
            for (long d : shape) n *= d;
            if (n != data.length) {
                throw new GenkernException("npy array has shape " + Arrays.toString(shape) + " (" + n
                        + " elements) but " + data.length + " values");
            }
        }

        public int rank() {
            return shape.length;
        }

        /** Size of dimension {@code i}; negative indices count from the end. */
        public int dim(int i) {
            return Math.toIntExact(shape[i < 0 ? shape.length + i : i]);
        }
    }

    /** Element type written by {@link #write}. */
    public enum Type {
        F32("<f4", 4), F16("<f2", 2);

        final String descr;
        final int bytes;

        Type(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }
    }

    public static void write(Path path, float[] data, long... shape) {
        write(path, Type.F32, data, shape);
    }

    public static void write(Path path, Type type, float[] data, long... shape) {
        new Array(shape, data); // validates the element count
        StringBuilder dims = new StringBuilder();
        for (long d : shape) dims.append(d).append(", ");
        if (shape.length > 1) dims.setLength(dims.length() - 2);
        String dict = "{'descr': '" + type.descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        // Header (magic + version + length + dict + padding + '\n') is padded to a multiple of 64 bytes.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + data.length * type.bytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : data) {
            if (type == Type.F32) buf.putFloat(v);
            else buf.putShort(Half.floatToF16(v));
        }
        // Written beside the target and moved over it: a reader never sees a half-written array.
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, "." + path.getFileName(), ".partial");
            try {
                Files.write(partial, buf.array());
                Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw FileErrors.writing(path, e);
        }
    }

    public static Array read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw FileErrors.reading("", path, e);
        }
        return parse(bytes, path.toString());
    }

    /**
     * Parses .npy bytes, checking what is read against what the header declares: the version, the
     * header length, every dimension, the data length (neither short nor long), and that every
     * value is finite as float32 (position named otherwise).
     */
    static Array parse(byte[] bytes, String name) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new GenkernException(name + " is not a .npy file (bad magic)");
        }
        int major = bytes[6], minor = bytes[7];
        if (major < 1 || major > 3 || minor != 0) {
            throw new GenkernException(name + " has .npy format version " + major + "." + minor + "; supported: 1.0, 2.0, 3.0");
        }
        buf.position(8);
        if (major > 1 && bytes.length < 12) throw new GenkernException(name + " ends inside its .npy header");
        long headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : Integer.toUnsignedLong(buf.getInt());
        if (buf.position() + headerLen > bytes.length) {
            throw new GenkernException(name + ": header length " + headerLen + " runs past the end of the file (" + bytes.length + " bytes)");
        }
        String header = new String(bytes, buf.position(), (int) headerLen,
                major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        buf.position(buf.position() + (int) headerLen);

        String descr = group(DESCR, header, name, "descr");
        if ("True".equals(group(ORDER, header, name, "fortran_order"))) {
            throw new GenkernException(name + " is in Fortran order; save it with numpy.ascontiguousarray first");
        }
        String shapeText = group(SHAPE, header, name, "shape");
        long[] shape = Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(d -> dimension(d, shapeText, name)).toArray();
        int width = switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f2" -> 2;
            case "<f8" -> 8;
            default -> throw new GenkernException(name + " has dtype '" + descr
                    + "'; supported: <f4 (float32), <f2 (float16), <f8 (float64), <i4 (int32)");
        };
        long count = 1;
        for (long d : shape) {
            count = d == 0 ? 0 : count > (Integer.MAX_VALUE - 8) / d ? Long.MAX_VALUE : count * d;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new GenkernException(name + " has shape (" + shapeText.trim() + "): more elements than one array can hold ("
                    + (Integer.MAX_VALUE - 8) + ")");
        }
        if (buf.remaining() != count * width) {
            throw new GenkernException(name + " has shape " + Arrays.toString(shape) + " of " + descr + " (" + count * width
                    + " bytes) but " + buf.remaining() + " bytes of data");
        }
        float[] data = new float[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = switch (descr) {
                case "<f4" -> buf.getFloat();
                case "<f2" -> Half.f16ToFloat(buf.getShort());
                case "<f8" -> (float) buf.getDouble();
                default -> buf.getInt();
            };
            if (!Float.isFinite(data[i])) {
                throw new GenkernException(name + ": element " + Arrays.toString(index(i, shape)) + " is " + data[i]
                        + (descr.equals("<f8") ? " as float32" : "") + "; inputs must be finite");
            }
        }
        return new Array(shape, data);
    }

    private static long dimension(String d, String shape, String name) {
        try {
            long v = Long.parseLong(d);
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new GenkernException(name + ": shape (" + shape.trim() + ") has '" + d + "', not a dimension (a whole number ≥ 0)");
    }

    /** The C-order index of flat element i. */
    private static long[] index(long i, long[] shape) {
        long[] at = new long[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            at[k] = i % shape[k];
            i /= shape[k];
        }
        return at;
    }

    private static String group(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new GenkernException(name + ": npy header has no '" + key + "': " + header.trim());
        return m.group(1);
    }
}
