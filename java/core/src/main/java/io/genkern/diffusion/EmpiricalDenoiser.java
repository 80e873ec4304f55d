package io.genkern.diffusion;

import io.genkern.Backend;
import io.genkern.DType;
import io.genkern.GenkernException;
import io.genkern.Scope;
import io.genkern.Tensor;
import io.genkern.attention.Attention;
import io.genkern.attention.AttentionOptions;

/**
 * The exact optimal denoiser of a finite data set x_1..x_N (rows of a [N, dim] array): for the VP
 * sample x = a·x0 + b·ε,
 * <pre>
 *   D(x) = Σ_i softmax_i( (a/b²)·x·x_i − a²‖x_i‖²/(2b²) ) · x_i
 * </pre>
 * (‖x‖² cancels in the softmax). That is one fused attention with queries x, keys and values x_i,
 * logit scale a/b² and a per-key bias; it predicts x0. It memorises: samples land on data rows.
 * The data live on the backend until {@link #close()}.
 */
public final class EmpiricalDenoiser implements Denoiser<Void>, AutoCloseable {
    private static final double MIN_BETA = 1e-4; // keeps the logit scale finite at the cleanest levels
    // At β = MIN_BETA a row's bias is ‖x‖²/(2·1e-8): norms above 1e10 put it past 1e28 and within
    // reach of float32's 3.4e38 once scores are added.
    private static final double MAX_ROW_NORM = 1e10;

    private final Backend backend;
    private final int rows, dim;
    private final Tensor data, bias;
    private final double[] sqNorms;

    /** {@code values} [rows × dim] in row-major order. */
    public EmpiricalDenoiser(Backend backend, float[] values, int rows, int dim) {
        if (rows < 1 || dim < 1 || (long) rows * dim != values.length) {
            throw new GenkernException("data of " + values.length + " values is not " + rows + " rows × " + dim + " features");
        }
        this.backend = backend;
        this.rows = rows;
        this.dim = dim;
        sqNorms = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int d = 0; d < dim; d++) {
                float v = values[i * dim + d];
                if (!Float.isFinite(v)) throw new GenkernException("data row " + i + ", feature " + d + " is " + v + "; data must be finite");
                s += (double) v * v;
            }
            if (Math.sqrt(s) > MAX_ROW_NORM) {
                throw new GenkernException(String.format(java.util.Locale.ROOT, "data row %d has norm %.3g; beyond %.0e the denoiser's "
                        + "logits overflow float32 at low noise. Samplers expect data of about unit scale (the noise is N(0, 1)): "
                        + "rescale the data", i, Math.sqrt(s), MAX_ROW_NORM));
            }
            sqNorms[i] = s;
        }
        try (Scope own = Scope.open()) {
            data = own.keep(backend.allocate(DType.F32, 1, 1, rows, dim).copyFrom(values));
            bias = own.keep(backend.allocate(DType.F32, 1, 1, rows));
        }
    }

    public int dim() {
        return dim;
    }

    @Override
    public Parametrisation parametrisation() {
        return Parametrisation.X0;
    }

    /** x and out: f32 [K, dim] on this denoiser's backend. */
    @Override
    public void predict(Tensor x, NoiseLevel level, Void conditioning, Tensor out) {
        if (x.rank() != 2 || x.dim(1) != dim) throw new GenkernException("samples must be [K, " + dim + "], got " + x);
        double a = level.alpha(), b = Math.max(level.beta(), MIN_BETA);
        float[] biasValues = new float[rows];
        for (int i = 0; i < rows; i++) biasValues[i] = (float) (-a * a * sqNorms[i] / (2 * b * b));
        bias.copyFrom(biasValues);
        long k = x.dim(0);
        Attention.forward(x.reshape(1, 1, k, dim), data, data,
                AttentionOptions.builder().scale((float) (a / (b * b))).bias(bias).build(), out.reshape(1, 1, k, dim));
    }

    @Override
    public void close() {
        data.close();
        bias.close();
    }
}
