package io.genkern.diffusion;

import io.genkern.DType;
import io.genkern.Tensor;

/**
 * A diffusion model (or an analytic denoiser) as the sampling loop sees it.
 *
 * @param <C> the conditioning type (a text embedding, an action label, …); the loop passes the
 *            unconditional value given to classifier-free guidance for the unconditional call
 */
public interface Denoiser<C> {
    /** What {@link #predict} writes: ε, x0 or v. */
    Parametrisation parametrisation();

    /** The dtype of the prediction tensors the loop allocates (f32, f16 or bf16). */
    default DType outputType() {
        return DType.F32;
    }

    /**
     * Writes the prediction for the f32 sample {@code x} = a·x0 + b·ε at {@code level} (a, b:
     * {@link NoiseLevel#alpha()}, {@link NoiseLevel#beta()}; the training timestep is
     * {@link NoiseLevel#timestep()}) into {@code out} (same shape as x, dtype {@link #outputType()}).
     * Work may be enqueued on the backend's current stream; the loop orders its own work after it.
     */
    void predict(Tensor x, NoiseLevel level, C conditioning, Tensor out);
}
