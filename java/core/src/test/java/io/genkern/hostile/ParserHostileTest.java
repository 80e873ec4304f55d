package io.genkern.hostile;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import io.genkern.io.Npy;
import io.genkern.motion.Motions;
import io.genkern.motion.Skeleton;
import io.genkern.motion.generate.MotionControl;
import io.genkern.motion.generate.MotionControls;
import io.genkern.motion.io.BvhClip;
import io.genkern.motion.io.BvhReader;
import io.genkern.motion.io.BvhWriter;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Every parser fed what a careless or hostile file holds: a clear error naming the problem, or the right result. */
class ParserHostileTest {
    @TempDir
    Path dir;

    private static String refused(Runnable r) {
        return assertThrows(GenkernException.class, r::run).getMessage();
    }

    /** A .npy file with this version, header dict and data bytes. */
    private Path npy(String name, int major, String dict, byte[] data) throws IOException {
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) header.length);
        else b.putInt(header.length);
        b.put(header).put(data);
        return Files.write(dir.resolve(name), java.util.Arrays.copyOf(b.array(), b.position()));
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    @Test
    void npyHeadersAndDataAreCheckedAgainstEachOther() throws IOException {
        String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }";
        Path v9 = npy("v9.npy", 9, String.format(f4, "2,"), floats(1, 2));
        assertTrue(refused(() -> Npy.read(v9)).contains("format version 9.0; supported: 1.0, 2.0, 3.0"));
        Path negative = npy("neg.npy", 1, String.format(f4, "-3, 2"), new byte[0]);
        assertTrue(refused(() -> Npy.read(negative)).contains("has '-3', not a dimension"));
        Path word = npy("word.npy", 1, String.format(f4, "a, 3"), new byte[0]);
        assertTrue(refused(() -> Npy.read(word)).contains("has 'a', not a dimension"));
        Path huge = npy("huge.npy", 1, String.format(f4, "99999999999, 99999999999"), new byte[0]);
        assertTrue(refused(() -> Npy.read(huge)).contains("more elements than one array can hold"));
        Path overflow = npy("overflow.npy", 1, String.format(f4, "9223372036854775807, 4"), new byte[0]);
        assertTrue(refused(() -> Npy.read(overflow)).contains("more elements than one array can hold"));
        Path longer = npy("long.npy", 2, String.format(f4, "2,"), floats(1, 2, 3));
        assertTrue(refused(() -> Npy.read(longer)).contains("(8 bytes) but 12 bytes of data"));
        Path nan = npy("nan.npy", 1, String.format(f4, "2, 2"), floats(1, 2, Float.NaN, 4));
        assertTrue(refused(() -> Npy.read(nan)).contains("element [1, 0] is NaN; inputs must be finite"));
        ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(1e300);
        Path big = npy("big.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", d.array());
        assertTrue(refused(() -> Npy.read(big)).contains("element [0] is Infinity as float32"));
        byte[] bytes = Files.readAllBytes(npy("ok.npy", 2, String.format(f4, "2,"), floats(1, 2)));
        Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(bytes, 11));
        assertTrue(refused(() -> Npy.read(dir.resolve("cut.npy"))).contains("ends inside its .npy header"));
        bytes[8] = (byte) 0xff;
        bytes[9] = (byte) 0xff;
        Files.write(dir.resolve("badlen.npy"), bytes);
        assertTrue(refused(() -> Npy.read(dir.resolve("badlen.npy"))).contains("runs past the end of the file"));
        assertArrayEquals(new float[] {1, 2}, Npy.read(dir.resolve("ok.npy")).data());
    }

    private static final String ARM = """
            HIERARCHY
            ROOT hips
            {
              OFFSET 0 0 0
              CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation
              JOINT spine
              {
                OFFSET 0 0.5 0
                CHANNELS 3 Zrotation Xrotation Yrotation
                End Site
                {
                  OFFSET 0 0.4 0
                }
              }
            }
            MOTION
            """;

    private static String frames(int declared, int rows, String frameTime) {
        StringBuilder sb = new StringBuilder(ARM).append("Frames: ").append(declared).append("\nFrame Time: ").append(frameTime).append('\n');
        for (int t = 0; t < rows; t++) sb.append("0 1 0 0 0 0 0 0 0\n");
        return sb.toString();
    }

    @Test
    void bvhCountsAreBoundedByTheDataPresent() {
        assertEquals(3, BvhReader.parse(frames(3, 3, "0.05"), "ok.bvh").frames());
        assertTrue(refused(() -> BvhReader.parse(frames(20000000, 2, "0.05"), "big.bvh"))
                .contains("declares 20000000 frames of 9 channels (180000000 numbers) but has 18 numbers after 'Frame Time' (2 frames)"));
        assertTrue(refused(() -> BvhReader.parse(frames(10, 120, "0.05"), "rows.bvh")).contains("(120 frames)"));
        assertTrue(refused(() -> BvhReader.parse(frames(0, 0, "0"), "t0.bvh")).contains("Frame Time must be positive"));
        assertTrue(refused(() -> BvhReader.parse(frames(1, 1, "NaN"), "nan.bvh")).contains("expected a finite number, found 'NaN'"));
        assertTrue(refused(() -> BvhReader.parse(ARM + "Frames: 1e12\nFrame Time: 0.05\n", "e12.bvh"))
                .contains("expected a whole number from 0 to 2147483647, found '1e12'"));
        assertTrue(refused(() -> BvhReader.parse(ARM.replace("CHANNELS 3", "CHANNELS 1000000") + "Frames: 0\nFrame Time: 0.05\n", "ch.bvh"))
                .contains("declares 1000000 channels; at most 6"));
        StringBuilder deep = new StringBuilder("HIERARCHY\nROOT j0\n{\nOFFSET 0 0 0\n");
        for (int i = 1; i < 20000; i++) deep.append("JOINT j").append(i).append("\n{\nOFFSET 0 1 0\n");
        assertTrue(refused(() -> BvhReader.parse(deep.toString(), "deep.bvh")).contains("deeper than 256 levels"));
    }

    @Test
    void textFilesAreUtf8WithOrWithoutAByteOrderMark() throws IOException {
        Path bom = dir.resolve("bom.bvh");
        byte[] text = frames(2, 2, "0.05").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Files.write(bom, withBom);
        assertEquals(2, BvhReader.read(bom).frames());
        Path latin1 = dir.resolve("latin1.bvh");
        String latin1Text = frames(2, 2, "0.05").replace("hips", "hanch\u00e9");
        Files.write(latin1, latin1Text.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(refused(() -> BvhReader.read(latin1)).contains("is not UTF-8 text (byte 0xe9 at offset " + latin1Text.indexOf('\u00e9') + ")"));
        Path control = dir.resolve("control.txt");
        Files.write(control, ("\uFEFFroot 0 0 0\nroot 19 0 1\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(MotionControls.read(control, 20).fixesRootPath(), "a BOM before the first directive is not part of it");
    }

    @Test
    void controlFileNumbersAreCheckedWithTheLineNamed() throws IOException {
        String[][] cases = {
            {"root 1000000000000 0 0\nroot 5 0 1\n", ":1: frame 1000000000000 is outside 0..2147483647"},
            {"root 0 NaN 0\nroot 5 0 1\n", ":1: NaN is not a finite position"},
            {"root 0 0 0\nroot 5 1e300 1\n", ":2: 1e300 is not a finite position"},
            {"root 0 0 0\nroot x5 0 1\n", ":2: frame 'x5' is not a whole number"},
            {"joint left_wrist 3 0 zero 0\n", ":1: 'zero' is not a number"},
        };
        for (String[] c : cases) {
            Path f = Files.writeString(dir.resolve("c.txt"), c[0]);
            String message = refused(() -> MotionControls.read(f, 20));
            assertTrue(message.contains(c[1]), c[0] + " → " + message);
        }
    }

    /** The README's edit example with genkern's own BVH left the legs 0.47 m off: joints were taken in file order. */
    @Test
    void editReadsABvhByJointNameAtItsFrameRateAndUnits() throws IOException {
        long seed = TestSeeds.seed();
        MotionLibrary library = MotionLibrary.generate(new Random(seed).nextInt(1000), 1);
        float[][][] clip = library.clip(new Random(seed).nextInt(library.size())).positions();
        int frames = Math.min(clip.length, 60);
        float[][][] motion = java.util.Arrays.copyOf(clip, frames);
        Path metres = dir.resolve("motion.bvh");
        BvhWriter.write(metres, Skeleton.smpl22(), motion, MotionLibrary.FPS);
        float[][][] back = BvhReader.read(metres).smplPositions(MotionLibrary.FPS);
        assertEquals(frames, back.length);
        assertTrue(Motions.maxJointError(motion, back) < 0.01, "seed " + seed + ": " + Motions.maxJointError(motion, back));
        // The same body in centimetres at 60 fps (each frame held three times): read at 20 fps in metres.
        float[][][] slow = new float[frames * 3 - 2][][];
        for (int t = 0; t < slow.length; t++) {
            slow[t] = new float[22][3];
            for (int j = 0; j < 22; j++) for (int c = 0; c < 3; c++) slow[t][j][c] = 100 * motion[(t + 2) / 3][j][c];
        }
        Path centimetres = dir.resolve("cm60.bvh");
        BvhWriter.write(centimetres, Skeleton.smpl22(), slow, 60);
        float[][][] resampled = BvhReader.read(centimetres).smplPositions(MotionLibrary.FPS);
        assertEquals(frames, resampled.length);
        assertTrue(Motions.maxJointError(motion, resampled) < 0.01, "seed " + seed + ": " + Motions.maxJointError(motion, resampled));
        // Through the control file, as the README's example uses it.
        Path control = Files.writeString(dir.resolve("edit.txt"), "edit motion.bvh lower\n");
        MotionControl edit = MotionControls.read(control, frames);
        assertTrue(edit.fixesAnyJoint(Skeleton.LEFT_KNEE, Skeleton.RIGHT_ANKLE), "the lower body is kept");
        assertFalse(edit.fixesAnyJoint(Skeleton.LEFT_WRIST), "the upper body is generated");
        // A skeleton without SMPL joint names is refused, not read in file order.
        Path arm = Files.writeString(dir.resolve("arm.bvh"), frames(2, 2, "0.05"));
        assertTrue(refused(() -> BvhReader.read(arm).smplPositions(20)).contains("lacks the SMPL joints [pelvis, left_hip"));
    }
}
