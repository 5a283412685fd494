/* Montgomery multiplication modulo the SM2 prime with BMI2/ADX (mulx, adcx, adox), x86-64 only.
 * Include only from a file whose functions carry SM2_ADX_FN (target "bmi2,adx").
 *
 * Interleaved (CIOS) form: for each limb b_i, one row T += a·b_i with two independent carry
 * chains (adox for the low halves, adcx for the high halves), then one reduction step
 * T = (T + m·p)/2^64 with m = T0 (−p⁻¹ ≡ 1 mod 2^64), multiplication-free thanks to the special
 * form of p (adds and subtracts of m, m << 32 and m >> 32; fe_redc_step in fe.h has the algebra).
 * Measured on this machine (Zen 5, one core): 31–35 cycles per multiplication, against 37–41 for
 * the same CIOS with the reduction done by three mulx by p1 + 1, p2, p3, and ~43 for the
 * portable __int128 code. Squaring computes the six cross products once (~31 cycles).
 * Six registers hold the 5-limb window and rotate: after step i the low limb is free and becomes
 * the next carry limb. Bounds: T < 2p before each row, T + a·b_i < 2^320, (T + m·p)/2^64 < 2^257,
 * so no carry leaves the window; one conditional subtraction of p at the end.
 * Constant time: straight-line code, the final selection with cmov.
 */
#ifndef MIMA_SM2_FE_ADX_H
#define MIMA_SM2_FE_ADX_H

#include "fe.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SM2_HAVE_ADX 1
#define SM2_ADX_FN __attribute__((target("bmi2,adx")))

/* p1 and p3 for the final subtraction (not sign-extended 32-bit immediates). */
static const uint64_t sm2_adx_pc[2] = {0xFFFFFFFF00000000ULL, 0xFFFFFFFEFFFFFFFFULL};

/* Row: window W0..W4 += a·b[OFF/8] (W4 is the carry limb; no carry leaves it). */
#define ADX_ROW(OFF, W0, W1, W2, W3, W4)                                   \
  "movq " #OFF "(%[b]), %%rdx\n\t"                                         \
  "xorl %k[z], %k[z]\n\t"                                                  \
  "mulxq 0(%[a]), %[lo], %[hi]\n\t"                                        \
  "adoxq %[lo], %[" #W0 "]\n\t"                                            \
  "adcxq %[hi], %[" #W1 "]\n\t"                                            \
  "mulxq 8(%[a]), %[lo], %[hi]\n\t"                                        \
  "adoxq %[lo], %[" #W1 "]\n\t"                                            \
  "adcxq %[hi], %[" #W2 "]\n\t"                                            \
  "mulxq 16(%[a]), %[lo], %[hi]\n\t"                                       \
  "adoxq %[lo], %[" #W2 "]\n\t"                                            \
  "adcxq %[hi], %[" #W3 "]\n\t"                                            \
  "mulxq 24(%[a]), %[lo], %[hi]\n\t"                                       \
  "adoxq %[lo], %[" #W3 "]\n\t"                                            \
  "adcxq %[hi], %[" #W4 "]\n\t"                                            \
  "adoxq %[z], %[" #W4 "]\n\t"

/* Reduction: (W0..W4 + m·p)/2^64 → W1..W5 with m = W0, without multiplications:
 * add [m, 0, 0, m] and subtract [m<<32, m>>32, m<<32, m>>32] at W1..W4 (see fe.h). */
#define ADX_REDC(W0, W1, W2, W3, W4, W5)                                   \
  "movq %[" #W0 "], %[lo]\n\t"                                             \
  "shlq $32, %[lo]\n\t"                                                    \
  "movq %[" #W0 "], %[hi]\n\t"                                             \
  "shrq $32, %[hi]\n\t"                                                    \
  "xorl %k[" #W5 "], %k[" #W5 "]\n\t"                                      \
  "addq %[" #W0 "], %[" #W1 "]\n\t"                                        \
  "adcq $0, %[" #W2 "]\n\t"                                                \
  "adcq $0, %[" #W3 "]\n\t"                                                \
  "adcq %[" #W0 "], %[" #W4 "]\n\t"                                        \
  "adcq $0, %[" #W5 "]\n\t"                                                \
  "subq %[lo], %[" #W1 "]\n\t"                                             \
  "sbbq %[hi], %[" #W2 "]\n\t"                                             \
  "sbbq %[lo], %[" #W3 "]\n\t"                                             \
  "sbbq %[hi], %[" #W4 "]\n\t"                                             \
  "sbbq $0, %[" #W5 "]\n\t"

/* r = a·b·2^−256 mod p; r may alias a or b (r is written only at the end). */
SM2_ADX_FN static inline void fe_mul_adx(fe_t r, const fe_t a, const fe_t b) {
  uint64_t r0, r1, r2, r3, r4, r5, lo, hi, z;
  __asm__ volatile(
      /* row 0: R0..R4 = a·b0 */
      "movq 0(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[r0], %[r1]\n\t"
      "mulxq 8(%[a]), %[lo], %[r2]\n\t"
      "addq %[lo], %[r1]\n\t"
      "mulxq 16(%[a]), %[lo], %[r3]\n\t"
      "adcq %[lo], %[r2]\n\t"
      "mulxq 24(%[a]), %[lo], %[r4]\n\t"
      "adcq %[lo], %[r3]\n\t"
      "adcq $0, %[r4]\n\t"
      ADX_REDC(r0, r1, r2, r3, r4, r5)
      ADX_ROW(8, r1, r2, r3, r4, r5)
      ADX_REDC(r1, r2, r3, r4, r5, r0)
      ADX_ROW(16, r2, r3, r4, r5, r0)
      ADX_REDC(r2, r3, r4, r5, r0, r1)
      ADX_ROW(24, r3, r4, r5, r0, r1)
      ADX_REDC(r3, r4, r5, r0, r1, r2)
      /* result R4, R5, R0, R1 with carry R2 (< 2p): subtract p, keep the original on borrow */
      "movq %[r4], %[lo]\n\t"
      "subq $-1, %[lo]\n\t"
      "movq %[r5], %[hi]\n\t"
      "sbbq %[pc3], %[hi]\n\t"
      "movq %[r0], %[z]\n\t"
      "sbbq $-1, %[z]\n\t"
      "movq %[r1], %%rdx\n\t"
      "sbbq %[pc4], %%rdx\n\t"
      "sbbq $0, %[r2]\n\t"
      "cmovcq %[r4], %[lo]\n\t"
      "cmovcq %[r5], %[hi]\n\t"
      "cmovcq %[r0], %[z]\n\t"
      "cmovcq %[r1], %%rdx\n\t"
      "movq %[lo], 0(%[r])\n\t"
      "movq %[hi], 8(%[r])\n\t"
      "movq %[z], 16(%[r])\n\t"
      "movq %%rdx, 24(%[r])\n\t"
      : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
        [r5] "=&r"(r5), [lo] "=&r"(lo), [hi] "=&r"(hi), [z] "=&r"(z)
      : [a] "r"(a), [b] "r"(b), [r] "r"(r),
        [pc3] "m"(sm2_adx_pc[0]), [pc4] "m"(sm2_adx_pc[1])
      : "rdx", "cc", "memory");
}


/* One reduction step on the window (W0, W1, W2, W3) ← (W1, W2, W3, W0): with m = W0,
 * (W + m·p)/2^64 = (W1, W2, W3, 0) + [m, 0, 0, m] − [m<<32, m>>32, m<<32, m>>32] (fe.h), computed
 * modulo 2^256 (the true value is below 2^256, so the carries and borrows cancel). */
#define ADX_REDC4(W0, W1, W2, W3)                                          \
  "movq %[" #W0 "], %[lo]\n\t"                                             \
  "shlq $32, %[lo]\n\t"                                                    \
  "movq %[" #W0 "], %[hi]\n\t"                                             \
  "shrq $32, %[hi]\n\t"                                                    \
  "addq %[" #W0 "], %[" #W1 "]\n\t"                                        \
  "adcq $0, %[" #W2 "]\n\t"                                                \
  "adcq $0, %[" #W3 "]\n\t"                                                \
  "adcq $0, %[" #W0 "]\n\t"                                                \
  "subq %[lo], %[" #W1 "]\n\t"                                             \
  "sbbq %[hi], %[" #W2 "]\n\t"                                             \
  "sbbq %[lo], %[" #W3 "]\n\t"                                             \
  "sbbq %[hi], %[" #W0 "]\n\t"

/* Tail shared by the squaring: (t0..t3) = REDC(t0..t3); r = (t0..t3) + (t4..t7) mod p. */
#define ADX_REDC_TAIL                                                      \
  ADX_REDC4(t0, t1, t2, t3)                                                \
  ADX_REDC4(t1, t2, t3, t0)                                                \
  ADX_REDC4(t2, t3, t0, t1)                                                \
  ADX_REDC4(t3, t0, t1, t2)                                                \
  "addq %[t4], %[t0]\n\t"                                                  \
  "adcq %[t5], %[t1]\n\t"                                                  \
  "adcq %[t6], %[t2]\n\t"                                                  \
  "adcq %[t7], %[t3]\n\t"                                                  \
  "sbbq %[z], %[z]\n\t" /* z = −carry */                                    \
  "movq %[t0], %[t4]\n\t"                                                  \
  "subq $-1, %[t4]\n\t"                                                    \
  "movq %[t1], %[t5]\n\t"                                                  \
  "sbbq %[pc3], %[t5]\n\t"                                                 \
  "movq %[t2], %[t6]\n\t"                                                  \
  "sbbq $-1, %[t6]\n\t"                                                    \
  "movq %[t3], %[t7]\n\t"                                                  \
  "sbbq %[pc4], %[t7]\n\t"                                                 \
  "sbbq $0, %[z]\n\t" /* CF = 1 iff the sum was below p */                 \
  "cmovcq %[t0], %[t4]\n\t"                                                \
  "cmovcq %[t1], %[t5]\n\t"                                                \
  "cmovcq %[t2], %[t6]\n\t"                                                \
  "cmovcq %[t3], %[t7]\n\t"                                                \
  "movq %[t4], 0(%[r])\n\t"                                                \
  "movq %[t5], 8(%[r])\n\t"                                                \
  "movq %[t6], 16(%[r])\n\t"                                               \
  "movq %[t7], 24(%[r])\n\t"

/* r = a²·2^−256 mod p: the six cross products once (mulx, two carry chains), doubled while the
 * four squares are added, then the reduction of the low half and the addition of the high half. */
SM2_ADX_FN static inline void fe_sqr_adx(fe_t r, const fe_t a) {
  uint64_t t0, t1, t2, t3, t4, t5, t6, t7, lo, hi, z;
  __asm__ volatile(
      "movq 0(%[a]), %%rdx\n\t"
      "xorl %k[z], %k[z]\n\t"
      "mulxq 8(%[a]), %[t1], %[t2]\n\t"   /* a0·a1 */
      "mulxq 16(%[a]), %[lo], %[t3]\n\t"  /* a0·a2 */
      "adcxq %[lo], %[t2]\n\t"
      "mulxq 24(%[a]), %[lo], %[t4]\n\t"  /* a0·a3 */
      "adcxq %[lo], %[t3]\n\t"
      "adcxq %[z], %[t4]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"  /* a1·a2 */
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq 24(%[a]), %[lo], %[t5]\n\t"  /* a1·a3 */
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[z], %[t5]\n\t"
      "adoxq %[z], %[t5]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %[lo], %[t6]\n\t"  /* a2·a3 */
      "adcxq %[lo], %[t5]\n\t"
      "adcxq %[z], %[t6]\n\t"
      /* double t1..t6 into t1..t7 (adcx chain) while adding the squares (adox chain) */
      "xorl %k[t7], %k[t7]\n\t"
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[t0], %[hi]\n\t"
      "adcxq %[t1], %[t1]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcxq %[t2], %[t2]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[t3], %[t3]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcxq %[t4], %[t4]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[t5], %[t5]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "movq 24(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcxq %[t6], %[t6]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[z], %[t7]\n\t"
      "adoxq %[hi], %[t7]\n\t"
      ADX_REDC_TAIL
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi), [z] "=&r"(z)
      : [a] "r"(a), [r] "r"(r), [pc3] "m"(sm2_adx_pc[0]), [pc4] "m"(sm2_adx_pc[1])
      : "rdx", "cc", "memory");
}

/* r = a + b mod p (a, b < p): the sum, then p subtracted unless that borrows past the carry;
 * cmov keeps it branch-free. Straight carry chains (the C version loses time re-materialising
 * the carry flag between limbs). */
static inline void fe_add_asm(fe_t r, const fe_t a, const fe_t b) {
  uint64_t t0, t1, t2, t3, s0, s1, s2, s3, c;
  __asm__ volatile(
      "movq 0(%[a]), %[t0]\n\t"
      "movq 8(%[a]), %[t1]\n\t"
      "movq 16(%[a]), %[t2]\n\t"
      "movq 24(%[a]), %[t3]\n\t"
      "xorl %k[c], %k[c]\n\t"
      "addq 0(%[b]), %[t0]\n\t"
      "adcq 8(%[b]), %[t1]\n\t"
      "adcq 16(%[b]), %[t2]\n\t"
      "adcq 24(%[b]), %[t3]\n\t"
      "adcq $0, %[c]\n\t"
      "movq %[t0], %[s0]\n\t"
      "subq $-1, %[s0]\n\t"
      "movq %[t1], %[s1]\n\t"
      "sbbq %[p1], %[s1]\n\t"
      "movq %[t2], %[s2]\n\t"
      "sbbq $-1, %[s2]\n\t"
      "movq %[t3], %[s3]\n\t"
      "sbbq %[p3], %[s3]\n\t"
      "sbbq $0, %[c]\n\t"
      "cmovcq %[t0], %[s0]\n\t"
      "cmovcq %[t1], %[s1]\n\t"
      "cmovcq %[t2], %[s2]\n\t"
      "cmovcq %[t3], %[s3]\n\t"
      "movq %[s0], 0(%[r])\n\t"
      "movq %[s1], 8(%[r])\n\t"
      "movq %[s2], 16(%[r])\n\t"
      "movq %[s3], 24(%[r])\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [s0] "=&r"(s0), [s1] "=&r"(s1),
        [s2] "=&r"(s2), [s3] "=&r"(s3), [c] "=&r"(c)
      : [a] "r"(a), [b] "r"(b), [r] "r"(r), [p1] "m"(sm2_adx_pc[0]), [p3] "m"(sm2_adx_pc[1])
      : "cc", "memory");
}

/* r = a − b mod p: the difference, plus p masked by the borrow. */
static inline void fe_sub_asm(fe_t r, const fe_t a, const fe_t b) {
  uint64_t t0, t1, t2, t3, m, m1, m3;
  __asm__ volatile(
      "movq 0(%[a]), %[t0]\n\t"
      "movq 8(%[a]), %[t1]\n\t"
      "movq 16(%[a]), %[t2]\n\t"
      "movq 24(%[a]), %[t3]\n\t"
      "subq 0(%[b]), %[t0]\n\t"
      "sbbq 8(%[b]), %[t1]\n\t"
      "sbbq 16(%[b]), %[t2]\n\t"
      "sbbq 24(%[b]), %[t3]\n\t"
      "sbbq %[m], %[m]\n\t"          /* m = −borrow */
      "movq %[m], %[m1]\n\t"
      "shlq $32, %[m1]\n\t"          /* p1 & m */
      "movq %[m], %[m3]\n\t"
      "btrq $32, %[m3]\n\t"          /* p3 & m */
      "addq %[m], %[t0]\n\t"
      "adcq %[m1], %[t1]\n\t"
      "adcq %[m], %[t2]\n\t"
      "adcq %[m3], %[t3]\n\t"
      "movq %[t0], 0(%[r])\n\t"
      "movq %[t1], 8(%[r])\n\t"
      "movq %[t2], 16(%[r])\n\t"
      "movq %[t3], 24(%[r])\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [m] "=&r"(m), [m1] "=&r"(m1), [m3] "=&r"(m3)
      : [a] "r"(a), [b] "r"(b), [r] "r"(r)
      : "cc", "memory");
}

/* r = c·a mod p for 2 <= c <= 8 (fe_mul_small in fe.h, with mulx and one carry chain). */
SM2_ADX_FN static inline void fe_mul_small_adx(fe_t r, const fe_t a, uint64_t c) {
  uint64_t t0, t1, t2, t3, h, s0, s1, s2, s3;
  __asm__ volatile(
      "mulxq 0(%[a]), %[t0], %[s0]\n\t"
      "mulxq 8(%[a]), %[t1], %[s1]\n\t"
      "mulxq 16(%[a]), %[t2], %[s2]\n\t"
      "mulxq 24(%[a]), %[t3], %[h]\n\t"
      "addq %[s0], %[t1]\n\t"
      "adcq %[s1], %[t2]\n\t"
      "adcq %[s2], %[t3]\n\t"
      "adcq $0, %[h]\n\t"
      /* fold h·2^256: + [h, (h << 32) − h, 0, h << 32] */
      "movq %[h], %[s3]\n\t"
      "shlq $32, %[s3]\n\t"
      "movq %[s3], %[s1]\n\t"
      "subq %[h], %[s1]\n\t"
      "addq %[h], %[t0]\n\t"
      "adcq %[s1], %[t1]\n\t"
      "adcq $0, %[t2]\n\t"
      "adcq %[s3], %[t3]\n\t"
      "movl $0, %k[h]\n\t"
      "adcq $0, %[h]\n\t"
      /* < 2p: subtract p unless that borrows past the carry */
      "movq %[t0], %[s0]\n\t"
      "subq $-1, %[s0]\n\t"
      "movq %[t1], %[s1]\n\t"
      "sbbq %[p1], %[s1]\n\t"
      "movq %[t2], %[s2]\n\t"
      "sbbq $-1, %[s2]\n\t"
      "movq %[t3], %[s3]\n\t"
      "sbbq %[p3], %[s3]\n\t"
      "sbbq $0, %[h]\n\t"
      "cmovcq %[t0], %[s0]\n\t"
      "cmovcq %[t1], %[s1]\n\t"
      "cmovcq %[t2], %[s2]\n\t"
      "cmovcq %[t3], %[s3]\n\t"
      "movq %[s0], 0(%[r])\n\t"
      "movq %[s1], 8(%[r])\n\t"
      "movq %[s2], 16(%[r])\n\t"
      "movq %[s3], 24(%[r])\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [h] "=&r"(h), [s0] "=&r"(s0),
        [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3)
      : [a] "r"(a), "d"(c), [r] "r"(r), [p1] "m"(sm2_adx_pc[0]), [p3] "m"(sm2_adx_pc[1])
      : "cc", "memory");
}

#endif /* x86-64 */
#endif
