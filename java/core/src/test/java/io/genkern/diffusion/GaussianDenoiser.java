package io.genkern.diffusion;

import io.genkern.DType;
import io.genkern.Tensor;

/**
 * The exact denoiser for data x0 ~ N(0, s²·I): in VE form D(x_ve, σ) = s²/(s² + σ²)·x_ve. The
 * conditioning is s (so guidance mixes two Gaussians); the prediction is written in any
 * parametrisation and dtype. Computed in float64 from the f32 sample, on the host.
 */
final class GaussianDenoiser implements Denoiser<Double> {
    private final Parametrisation parametrisation;
    private final DType dtype;
    int calls;

    GaussianDenoiser(Parametrisation parametrisation, DType dtype) {
        this.parametrisation = parametrisation;
        this.dtype = dtype;
    }

    @Override
    public Parametrisation parametrisation() {
        return parametrisation;
    }

    @Override
    public DType outputType() {
        return dtype;
    }

    /** The prediction for one VP sample value at the level, data std s, in float64. */
    static double predict(Parametrisation p, double xvp, NoiseLevel level, double s) {
        double a = level.alpha(), b = level.beta(), sigma = level.sigma();
        double x0 = s * s / (s * s + sigma * sigma) * (xvp / a);
        double eps = (xvp - a * x0) / b;
        return p.fromX0AndEpsilon(x0, eps, a, b);
    }

    @Override
    public void predict(Tensor x, NoiseLevel level, Double s, Tensor out) {
        calls++;
        float[] v = x.toFloatArray();
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = (float) predict(parametrisation, v[i], level, s);
        out.copyFrom(o);
    }
}
