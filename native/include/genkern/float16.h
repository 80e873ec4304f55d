/* Bit-level conversions for binary16 and bfloat16, round-to-nearest-even, shared by both backends
 * (the CPU backend stores 16-bit floats as uint16_t; CUDA kernels reinterpret them as __half or
 * __nv_bfloat16 and use the hardware conversions, which round the same way). */
#ifndef GENKERN_FLOAT16_H
#define GENKERN_FLOAT16_H

#include <stdint.h>
#include <string.h>

#include "hd.h"

GK_HD uint32_t gk_float_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
GK_HD float gk_bits_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

GK_HD float gk_bf16_to_f32(uint16_t b) { return gk_bits_float((uint32_t)b << 16); }

GK_HD uint16_t gk_f32_to_bf16(float f) {
    uint32_t u = gk_float_bits(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40u); /* quiet NaN */
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

GK_HD float gk_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t mant = h & 0x3ffu;
    if (exp == 0x1f) return gk_bits_float(sign | 0x7f800000u | (mant << 13));
    if (exp == 0) {
        float v = (float)mant * 5.9604644775390625e-8f; /* 2^-24: subnormals are exact */
        return sign ? -v : v;
    }
    return gk_bits_float(sign | ((exp + 112u) << 23) | (mant << 13));
}

GK_HD uint16_t gk_f32_to_f16(float f) {
    uint32_t u = gk_float_bits(f);
    uint32_t sign = (u >> 16) & 0x8000u;
    uint32_t a = u & 0x7fffffffu;
    if (a >= 0x7f800000u) return (uint16_t)(sign | 0x7c00u | (a > 0x7f800000u ? 0x200u : 0u));
    if (a >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u); /* rounds beyond 65504 */
    if (a < 0x38800000u) {                                   /* binary16 subnormal or zero */
        int shift = 113 - (int)(a >> 23);
        if (shift >= 12) return (uint16_t)sign; /* below 2^-25: rounds to zero (and keeps shifts < 32) */
        uint32_t m = (a & 0x7fffffu) | 0x800000u;
        uint32_t half = m >> (shift + 13);
        uint32_t rest = m & ((1u << (shift + 13)) - 1u);
        uint32_t mid = 1u << (shift + 12);
        if (rest > mid || (rest == mid && (half & 1u))) half++;
        return (uint16_t)(sign | half);
    }
    uint32_t r = a + 0xfffu + ((a >> 13) & 1u);
    return (uint16_t)(sign | ((r - (112u << 23)) >> 13));
}

#endif
