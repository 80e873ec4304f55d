/* GK_HD marks math shared by the CPU and CUDA backends: written once, compiled by both compilers. */
#ifndef GENKERN_HD_H
#define GENKERN_HD_H

#if defined(__CUDACC__)
#define GK_HD __host__ __device__ __forceinline__
#else
#define GK_HD inline
#endif

#endif
