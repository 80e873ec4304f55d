package io.genkern;

/** The CPU backend's configuration: the SIMD kernels chosen at run time and the worker count. */
public record CpuInfo(String simd, int threads, int hardwareThreads) {}
