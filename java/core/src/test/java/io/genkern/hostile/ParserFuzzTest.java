package io.genkern.hostile;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import io.genkern.io.Npy;
import io.genkern.motion.Skeleton;
import io.genkern.motion.generate.MotionControls;
import io.genkern.motion.io.BvhReader;
import io.genkern.motion.io.BvhWriter;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A seeded mutation fuzzer over the parsers (.npy, BVH, control files): valid files with bytes
 * flipped, runs deleted or duplicated, numbers replaced by extreme ones, cut short. Every input must
 * parse or be refused with a GenkernException; anything else (an unchecked exception, an
 * OutOfMemoryError, a stack overflow) is a bug, reported with the seed and the case to replay it.
 * GENKERN_FUZZ_CASES sets the number of cases per parser (default 300; a longer run: 100000).
 */
class ParserFuzzTest {
    @TempDir
    Path dir;

    private static final int CASES = Integer.parseInt(System.getenv().getOrDefault("GENKERN_FUZZ_CASES", "300"));
    private static final String[] EXTREMES = {"1e308", "-1e308", "NaN", "Infinity", "-0", "9999999999999999999", "2147483648", "-1",
        "0", "1e-320", "0x1p3", "", " ", "\u0000", "\uFEFF", "é"};

    private static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, at); // cut short
                case 2 -> { // delete a run
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 3 -> { // duplicate a run
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                case 4 -> { // replace a number-looking token with an extreme one
                    String s = new String(b, StandardCharsets.ISO_8859_1);
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?[0-9][0-9.e-]*").matcher(s);
                    int count = 0;
                    while (m.find()) count++;
                    if (count == 0) break;
                    int pick = r.nextInt(count);
                    m.reset();
                    for (int i = 0; i <= pick; i++) m.find();
                    String replaced = s.substring(0, m.start()) + EXTREMES[r.nextInt(EXTREMES.length)] + s.substring(m.end());
                    b = replaced.getBytes(StandardCharsets.UTF_8);
                }
                default -> b[at] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return b;
    }

    private void fuzz(String what, byte[] valid, String fileName, Consumer<Path> parse) throws Exception {
        long seed = TestSeeds.seed();
        Random r = new Random(seed);
        Path file = dir.resolve(fileName);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutate(valid, r);
            Files.write(file, input);
            try {
                parse.accept(file);
            } catch (GenkernException expected) {
                refused++;
            } catch (Throwable t) {
                Path keep = Files.write(dir.getParent().resolve("fuzz-" + what + "-" + seed + "-" + i + "-" + fileName), input);
                fail(what + " case " + i + " (seed " + seed + ", input kept at " + keep + ") threw " + t, t);
            }
        }
        System.out.println(what + ": " + CASES + " mutated inputs, " + refused + " refused with a message, seed " + seed);
    }

    @Test
    void npy() throws Exception {
        Path valid = dir.resolve("valid.npy");
        Npy.write(valid, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        fuzz("npy", Files.readAllBytes(valid), "x.npy", Npy::read);
    }

    @Test
    void bvh() throws Exception {
        float[][][] clip = Arrays.copyOf(MotionLibrary.generate(0, 1).clip(0).positions(), 4);
        String text = BvhWriter.toText(Skeleton.smpl22(), clip, 20);
        fuzz("bvh", text.getBytes(StandardCharsets.UTF_8), "x.bvh", p -> BvhReader.read(p).smplPositions(20));
    }

    @Test
    void controlFile() throws Exception {
        Npy.write(dir.resolve("pose.npy"), new float[22 * 3], 1, 22, 3);
        String text = "# a path\nroot 0 0 0\nroot 10 0.5 1.5\njoint right_wrist 5 -0.3 1.5 0.4\nkeyframe 12 pose.npy\n";
        fuzz("control", text.getBytes(StandardCharsets.UTF_8), "c.txt", p -> MotionControls.read(p, 20));
    }
}
