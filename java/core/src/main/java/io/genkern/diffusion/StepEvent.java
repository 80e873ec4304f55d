package io.genkern.diffusion;

import io.genkern.Tensor;

/**
 * Progress of a sampling run, reported after each step. {@code sample} is the sample now at
 * {@code level}; {@code denoised} is the step's last x0 estimate (the preview). Both tensors belong
 * to the loop and are only valid during the callback: copy what you keep.
 */
public record StepEvent(int step, int steps, NoiseLevel level, Tensor sample, Tensor denoised) {}
