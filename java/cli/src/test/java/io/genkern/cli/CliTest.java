package io.genkern.cli;

import io.genkern.testing.TestSeeds;
import io.genkern.Backends;
import io.genkern.io.Npy;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.Motions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = GenkernCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void infoShowsTheChoiceAndItsReason() {
        assertEquals(0, run("info", "--backend", "cpu"));
        String text = out.toString();
        assertTrue(text.contains("backend: cpu ("), text);
        assertTrue(text.contains("reason: requested by --backend cpu"), text);
        assertTrue(text.contains("cpu: simd " + Backends.cpuInfo().simd()), text);
        assertTrue(text.contains("cuda: backend"), text);
        if (!Backends.cudaInfo(0).usable()) assertTrue(text.contains("cuda:0 unavailable: " + Backends.cudaInfo(0).reason()), text);
    }

    @Test
    void everySubcommandHasHelp() {
        for (String cmd : new String[] {"info", "attention", "sample", "motion", "motion-library", "motion-eval", "image", "image-set", "image-eval"}) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(cmd, "--help"));
            assertTrue(out.toString().startsWith("Usage: genkern " + cmd), out.toString());
        }
    }

    @Test
    void attentionFromNpyFiles() {
        Random r = TestSeeds.random();
        int b = 1, h = 2, n = 3, m = 5, d = 4;
        float[] q = new float[b * h * n * d], k = new float[b * h * m * d], v = new float[b * h * m * d];
        for (float[] a : new float[][] {q, k, v}) for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        Npy.write(dir.resolve("q.npy"), q, b, h, n, d);
        Npy.write(dir.resolve("k.npy"), k, b, h, m, d);
        Npy.write(dir.resolve("v.npy"), v, b, h, m, d);
        assertEquals(0, run("attention", "--q", dir.resolve("q.npy").toString(), "--k", dir.resolve("k.npy").toString(),
                "--v", dir.resolve("v.npy").toString(), "--scale", "0.5", "--lse-out", dir.resolve("l.npy").toString(),
                "--backend", "cpu", "--out", dir.resolve("o.npy").toString()), err.toString());
        Npy.Array o = Npy.read(dir.resolve("o.npy")), l = Npy.read(dir.resolve("l.npy"));
        assertArrayEquals(new long[] {b, h, n, d}, o.shape());
        assertArrayEquals(new long[] {b, h, n}, l.shape());
        // Row 0 of head 0 by hand, in double.
        double[] w = new double[m];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j < m; j++) {
            for (int x = 0; x < d; x++) w[j] += 0.5 * q[x] * k[j * d + x];
            max = Math.max(max, w[j]);
        }
        for (int j = 0; j < m; j++) sum += w[j] = Math.exp(w[j] - max);
        for (int x = 0; x < d; x++) {
            double expected = 0;
            for (int j = 0; j < m; j++) expected += w[j] / sum * v[j * d + x];
            assertEquals(expected, o.data()[x], 1e-5);
        }
        assertEquals(max + Math.log(sum), l.data()[0], 1e-5);
    }

    @Test
    void badInputGivesAMessageNotAStackTrace() {
        Npy.write(dir.resolve("q.npy"), new float[6], 1, 2, 3);
        assertEquals(2, run("attention", "--q", dir.resolve("q.npy").toString(), "--k", dir.resolve("q.npy").toString(),
                "--v", dir.resolve("q.npy").toString(), "--out", dir.resolve("o.npy").toString()));
        assertTrue(err.toString().contains("has shape [1, 2, 3]; expected 4 dimensions"), err.toString());
        assertFalse(err.toString().contains("at io.genkern"), "no stack trace");
        assertEquals(2, run("attention", "--q", dir.resolve("missing.npy").toString(), "--k", "x", "--v", "y", "--out", "z"));
        assertTrue(err.toString().contains("cannot read"), err.toString());
        assertEquals(2, run("info", "--backend", "tpu"));
        assertTrue(err.toString().contains("unknown device 'tpu'"), err.toString());
    }

    @Test
    void motionErrorPathsNameTheProblem() {
        assertEquals(2, run("motion", "a person walks", "--sampler", "plms", "--out", dir.toString()));
        assertTrue(err.toString().contains("unknown sampler 'plms'; expected one of [ddpm, ddim, euler, euler_a, heun, dpmpp_2m, dpmpp_2m_sde, unipc]"), err.toString());
        assertEquals(2, run("sample", "--data", dir.resolve("none.npy").toString(), "--sampler", "plms", "--out", dir.resolve("x.npy").toString()));
        assertTrue(err.toString().contains("unknown sampler 'plms'; expected one of [ddpm, ddim, euler, euler_a, heun, dpmpp_2m, dpmpp_2m_sde, unipc]"), err.toString());
        assertEquals(2, run("motion", "a person walks", "--seconds", "-3", "--out", dir.toString()));
        assertTrue(err.toString().contains("seconds must be in (0, 60.0], got -3.0"), err.toString());
        assertEquals(2, run("motion", "--out", dir.toString()));
        assertTrue(err.toString().contains("give either a PROMPT or --action, not neither"), err.toString());
        assertEquals(2, run("motion", "--action", "fly", "--out", dir.toString()));
        assertTrue(err.toString().contains("unknown action 'fly'"), err.toString());
        assertEquals(2, run("motion", "--action", "walk", "--control", dir.resolve("missing.txt").toString(), "--out", dir.toString()));
        assertTrue(err.toString().contains("cannot read control file " + dir.resolve("missing.txt") + ": no such file or directory"), err.toString());
    }

    /** Each of these used to fail only after the prompt was matched and the motion generated (8-18 s). */
    @Test
    void motionInputsAreCheckedBeforeAnyWork() throws Exception {
        Path aFile = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        String[][] cases = {
            {"--out", aFile.toString()},
            {"--out", aFile.resolve("below").toString()},
            {"--control", dir.resolve("missing.txt").toString(), "--out", dir.toString()},
            {"--guidance", "-5", "--out", dir.toString()},
            {"--seconds", "100", "--out", dir.toString()},
        };
        String[] messages = {"--out " + aFile + " is a file, not a directory", "cannot write to --out " + aFile.resolve("below"),
            "no such file or directory", "guidance -5.0 must be a finite number ≥ 0", "seconds must be in (0, 60.0], got 100.0"};
        for (int i = 0; i < cases.length; i++) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            String[] args = new String[cases[i].length + 2];
            args[0] = "motion";
            args[1] = "a person walks";
            System.arraycopy(cases[i], 0, args, 2, cases[i].length);
            assertEquals(2, run(args), String.join(" ", args));
            assertTrue(err.toString().contains(messages[i]), err.toString());
            assertEquals("", out.toString(), "refused before the prompt was matched: " + String.join(" ", args));
        }
        assertEquals(2, run("motion", "walk 50 s; run 30 s", "--out", dir.toString()));
        assertTrue(err.toString().contains("asks for 80.0 s of motion; at most 60.0 s"), err.toString());
        assertEquals(2, run("motion", "  ", "--out", dir.toString()));
        assertTrue(err.toString().contains("the prompt is empty"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void motionFromAnActionWritesEveryOutput() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("control.txt"), "# straight ahead\nroot 0 0 0\nroot 39 0 1.5\n");
        assertEquals(0, run("motion", "--action", "walk", "--seconds", "2", "--steps", "4", "--backend", "cpu",
                "--control", dir.resolve("control.txt").toString(), "--out", dir.toString()), err.toString());
        for (String f : new String[] {"motion.bvh", "motion.gif", "motion_filmstrip.png", "motion_features.npy", "motion_positions.npy", "viewer.html"}) {
            assertTrue(java.nio.file.Files.size(dir.resolve(f)) > 0, f);
        }
        Npy.Array positions = Npy.read(dir.resolve("motion_positions.npy"));
        assertArrayEquals(new long[] {40, 22, 3}, positions.shape());
        float[] last = java.util.Arrays.copyOfRange(positions.data(), 39 * 66, 39 * 66 + 3);
        assertEquals(0, Math.hypot(last[0], last[2] - 1.5), 0.02, "the written pelvis ends on the controlled path");
        // The features written describe the motion written (after the tracker), frame for frame, in
        // HumanML3D's canonical frame.
        Npy.Array features = Npy.read(dir.resolve("motion_features.npy"));
        assertArrayEquals(new long[] {40, HumanMl3d.FEATURES}, features.shape());
        float[][] rows = new float[40][];
        for (int t = 0; t < 40; t++) rows[t] = java.util.Arrays.copyOfRange(features.data(), t * HumanMl3d.FEATURES, (t + 1) * HumanMl3d.FEATURES);
        float[][][] written = new float[40][22][3];
        for (int t = 0; t < 40; t++) for (int j = 0; j < 22; j++) for (int c = 0; c < 3; c++) written[t][j][c] = positions.data()[(t * 22 + j) * 3 + c];
        double error = Motions.maxJointError(HumanMl3d.recoverFromRic(rows), HumanMl3d.canonicalize(written));
        assertTrue(error < 1e-3, "the written features decode " + error + " m away from the written positions");
        assertTrue(out.toString().contains("foot skating"), out.toString());
        assertTrue(out.toString().contains("denoiser attention"), out.toString());
    }

    @Test
    void aPromptThatMatchesNothingWellGetsAWarning() {
        assertEquals(0, run("motion", "the quarterly tax report is due", "--seconds", "2", "--steps", "2", "--backend", "cpu",
                "--out", dir.toString()), err.toString());
        assertTrue(err.toString().contains("is not something the motion library can do well"), err.toString());
        assertTrue(err.toString().contains("the closest actions it can do: "), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("motion", "walk 1 s; a person dances 1 s", "--strict", "--steps", "2", "--backend", "cpu",
                "--out", dir.resolve("strict").toString()));
        assertTrue(err.toString().contains("'a person dances' is not something the motion library can do well"), err.toString());
        assertFalse(java.nio.file.Files.exists(dir.resolve("strict/motion.bvh")), "--strict writes nothing");
    }

    @Test
    void motionLibraryBoundsItsWorkAndNamesBadOptions() throws Exception {
        assertEquals(2, run("motion-library", "--clips-per-action", "2000000", "--out", dir.toString()));
        assertTrue(err.toString().contains("--clips-per-action must be from 1 to 1000, got 2000000"), err.toString());
        Path aFile = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(2, run("motion-library", "--clips-per-action", "1", "--out", aFile.toString()));
        assertTrue(err.toString().contains("--out " + aFile + " is a file, not a directory"), err.toString());
        assertFalse(err.toString().contains("\tat "), "a message, not a stack trace");
        assertEquals(0, run("motion-library", "--clips-per-action", "1", "--novelty-clips", "0", "--out", dir.resolve("lib").toString()),
                err.toString());
        assertTrue(out.toString().contains("novelty: not measured"), out.toString());
        assertFalse(out.toString().contains("NaN"), out.toString());
    }

    @Test
    void sampledRowsLandOnTheData() {
        Random r = TestSeeds.random();
        int rows = 6, dim = 5;
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian() * 2;
        Npy.write(dir.resolve("d.npy"), data, rows, dim);
        assertEquals(0, run("sample", "--data", dir.resolve("d.npy").toString(), "--samples", "3", "--seed", Long.toString(r.nextLong()),
                "--sampler", "DPMPP_2M", "--steps", "30", "--backend", "cpu", "--out", dir.resolve("x.npy").toString()), err.toString());
        Npy.Array x = Npy.read(dir.resolve("x.npy"));
        assertArrayEquals(new long[] {3, dim}, x.shape());
        for (int s = 0; s < 3; s++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (int row = 0; row < rows; row++) {
                double d = 0;
                for (int k = 0; k < dim; k++) d += Math.pow(x.data()[s * dim + k] - data[row * dim + k], 2);
                nearest = Math.min(nearest, Math.sqrt(d));
            }
            assertTrue(nearest < 1e-2, "sample " + s + " is " + nearest + " from the nearest row");
        }
    }
}
