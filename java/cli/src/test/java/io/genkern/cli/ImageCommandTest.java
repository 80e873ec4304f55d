package io.genkern.cli;

import io.genkern.image.Image;
import io.genkern.image.ImageFiles;
import io.genkern.io.Npy;
import io.genkern.testing.TestSeeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** genkern image and image-set as a user runs them: outputs, reproducibility from numpy, and errors before any work. */
class ImageCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = GenkernCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void imageSetThenImageFromItsFolderWithAClassAndTheSameRunFromItsNoise() throws Exception {
        Path set = dir.resolve("glyphs");
        assertEquals(0, run("image-set", "glyphs", "--count", "30", "--out", set.toString()), err.toString());
        assertTrue(Files.readString(set.resolve("labels.csv")).startsWith("file,label\n"));

        String seed = Long.toString(TestSeeds.seed());
        Path a = dir.resolve("a");
        assertEquals(0, run("image", "--data", set.toString(), "--class", "7", "--samples", "2", "--seed", seed, "--backend", "cpu",
                "--out", a.toString()), err.toString());
        for (String f : new String[] {"sample_000.png", "sample_001.png", "contact.png", "gallery.html", "samples.npy", "metrics.json"}) {
            assertTrue(Files.isRegularFile(a.resolve(f)), f + "\n" + out);
        }
        Image sample = ImageFiles.read(a.resolve("sample_000.png"));
        assertEquals(32, sample.width());
        assertTrue(Files.readString(a.resolve("metrics.json")).contains("\"copied_patch_share\""));

        Npy.Array samples = Npy.read(a.resolve("samples.npy"));
        assertArrayEquals(new long[] {2, 32, 32, 1}, samples.shape());

        // A start from numpy fixes the run whatever the seed (the default sampler adds no noise).
        java.util.Random r = TestSeeds.random();
        float[] noise = new float[32 * 32];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) r.nextGaussian();
        Path init = dir.resolve("noise.npy");
        Npy.write(init, noise, 1, 32, 32, 1);
        float[][] runs = new float[2][];
        for (int i = 0; i < 2; i++) {
            Path o = dir.resolve("init" + i);
            assertEquals(0, run("image", "--data", set.toString(), "--class", "7", "--init", init.toString(), "--seed", Integer.toString(i),
                    "--backend", "cpu", "--out", o.toString()), err.toString());
            runs[i] = Npy.read(o.resolve("samples.npy")).data();
        }
        assertArrayEquals(runs[0], runs[1]);
    }

    @Test
    void inpaintingFromTheCommandLineKeepsTheImageOutsideTheMask() {
        Path set = dir.resolve("tex");
        assertEquals(0, run("image-set", "textures", "--count", "1", "--size", "48", "--out", set.toString()), err.toString());
        Path image = set.resolve("bricks_000.png");
        float[] m = new float[48 * 48];
        for (int y = 16; y < 32; y++) for (int x = 12; x < 36; x++) m[y * 48 + x] = 1;
        Path mask = dir.resolve("mask.png");
        ImageFiles.writePng(new Image(48, 48, 1, m), mask);
        Path o = dir.resolve("fill");
        assertEquals(0, run("image", "--inpaint", image.toString(), "--mask", mask.toString(), "--backend", "cpu", "--out", o.toString()), err.toString());
        Image in = ImageFiles.read(image), filled = ImageFiles.read(o.resolve("sample_000.png"));
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                if (m[y * 48 + x] == 0) for (int c = 0; c < 3; c++) assertEquals(in.get(y, x, c), filled.get(y, x, c), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void badInputsFailBeforeAnyWorkWithAReason() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path notImage = Files.writeString(dir.resolve("x.png"), "not a png");
        String o = dir.resolve("o").toString();
        assertError("has no images", "image", "--data", empty.toString(), "--out", o);
        assertError("no such directory", "image", "--data", dir.resolve("missing").toString(), "--out", o);
        assertError("not a PNG, JPEG, BMP or GIF image", "image", "--inpaint", notImage.toString(), "--mask", notImage.toString(), "--out", o);
        assertError("unknown set 'lego'", "image", "--set", "lego", "--out", o);
        assertError("unknown image model", "image", "--set", "shapes", "--model", "gan", "--out", o);
        assertError("--size must be N or WxH", "image", "--set", "shapes", "--size", "big", "--out", o);
        assertError("give exemplars", "image", "--out", o);
        assertError("no exemplar is labelled 'Q'", "image", "--set", "glyphs", "--class", "Q", "--out", o);
        assertError("is a file, not a directory", "image", "--set", "shapes", "--out", notImage.toString());
        assertError("unknown set 'lego'", "image-set", "lego", "--out", o);
        assertError("--band needs --tile and --inpaint IMAGE", "image", "--set", "shapes", "--band", "4", "--out", o);
        assertError("--outpaint N needs --inpaint IMAGE", "image", "--set", "shapes", "--outpaint", "8", "--out", o);
        assertError("give --band, not --mask", "image", "--tile", "--inpaint", notImage.toString(), "--mask", notImage.toString(), "--out", o);
    }

    private void assertError(String expected, String... args) {
        assertEquals(2, run(args), out + "\n" + err);
        assertTrue(err.toString().contains(expected), "expected '" + expected + "' in: " + err);
    }
}
