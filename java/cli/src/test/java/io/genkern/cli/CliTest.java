package io.genkern.cli;

import io.genkern.Backends;
import io.genkern.io.Npy;
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
        for (String cmd : new String[] {"info", "attention"}) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(cmd, "--help"));
            assertTrue(out.toString().startsWith("Usage: genkern " + cmd), out.toString());
        }
    }

    @Test
    void attentionFromNpyFiles() {
        Random r = new Random();
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
}
