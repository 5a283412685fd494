/* The SM3 round function (GM/T 0004-2012 §5.3.3) as macros shared by the portable and the x86
 * kernels, so that every kernel compiles the same round text under its own target attributes.
 *
 * Register renaming instead of moves: a round updates D (to TT1, the new A) and H (to
 * P0(TT2), the new E) and rotates B and F in place (they become C' and G'); the next round is
 * ROUND(D,A,B,C,H,E,F,G), and the names come back to A..H every four rounds. */
#ifndef MIMA_SM3_ROUNDS_H
#define MIMA_SM3_ROUNDS_H

#include <stdint.h>

#define SM3_ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define SM3_P0(x) ((x) ^ SM3_ROL((x), 9) ^ SM3_ROL((x), 17))
#define SM3_P1(x) ((x) ^ SM3_ROL((x), 15) ^ SM3_ROL((x), 23))
/* FF_j, GG_j (§4.4): XOR for rounds 0..15; majority and choice (fewest operations) after. */
#define SM3_FF0(x, y, z) ((x) ^ (y) ^ (z))
#define SM3_GG0(x, y, z) ((x) ^ (y) ^ (z))
#define SM3_FF1(x, y, z) (((x) & (y)) | (((x) | (y)) & (z)))
#define SM3_GG1(x, y, z) ((((y) ^ (z)) & (x)) ^ (z))

/* Fixes the order of additions: the compiler may otherwise reassociate rol12(A) + T'_j + E
 * into (rol12(A) + E) + T'_j, or H + (GG + W + SS1), each putting one more add on the E chain.
 * The operand that arrives last (E, SS1, SS2) must be the last addend. */
#if defined(__GNUC__) || defined(__clang__)
#define SM3_OPAQUE(x) __asm__("" : "+r"(x))
#else
#define SM3_OPAQUE(x) ((void)0)
#endif

/* One round j with round constant k = rol32(T_j, j mod 32), w = W_j and wp = W'_j. */
#define SM3_ROUND(FF, GG, A, B, C, D, E, F, G, H, k, w, wp) \
  do {                                                       \
    uint32_t a12_ = SM3_ROL(A, 12);                          \
    uint32_t x_ = a12_ + (k);                                \
    SM3_OPAQUE(x_);                                          \
    uint32_t ss1_ = SM3_ROL(x_ + E, 7);                      \
    uint32_t ss2_ = ss1_ ^ a12_;                             \
    uint32_t d_ = D + FF(A, B, C) + (wp);                    \
    uint32_t h_ = H + GG(E, F, G) + (w);                     \
    SM3_OPAQUE(d_);                                          \
    SM3_OPAQUE(h_);                                          \
    D = d_ + ss2_;                                           \
    H = h_ + ss1_;                                           \
    B = SM3_ROL(B, 9);                                       \
    F = SM3_ROL(F, 19);                                      \
    H = SM3_P0(H);                                           \
  } while (0)

/* A round j >= 16 for kernels where the E chain is the bottleneck. GG_j = ((F ^ G) & E) ^ G
 * costs two dependent operations after E arrives, which makes the path E -> GG -> TT2 -> E'
 * 7 operations long against 6 for E -> SS1 -> TT2 -> E'. So GG_{j+1} is formed from TT2 and
 * u = rol9(TT2) ^ rol17(TT2) (so E' = P0(TT2) = TT2 ^ u) by distributing the AND:
 *   GG_{j+1} = (G' ^ (TT2 & M)) ^ (u & M),  M = F' ^ G' = E ^ rol19(F),
 * which is ready one operation after E' itself, for two operations more per round.
 * `gg` carries GG_j in and GG_{j+1} out. */
#define SM3_ROUND_GG(FF, A, B, C, D, E, F, G, H, k, w, wp) \
  do {                                                      \
    uint32_t a12_ = SM3_ROL(A, 12);                         \
    uint32_t x_ = a12_ + (k);                               \
    SM3_OPAQUE(x_);                                         \
    uint32_t ss1_ = SM3_ROL(x_ + E, 7);                     \
    uint32_t ss2_ = ss1_ ^ a12_;                            \
    uint32_t d_ = D + FF(A, B, C) + (wp);                   \
    uint32_t h_ = H + gg + (w);                             \
    SM3_OPAQUE(d_);                                         \
    SM3_OPAQUE(h_);                                         \
    D = d_ + ss2_;                                          \
    uint32_t t_ = h_ + ss1_;                                \
    B = SM3_ROL(B, 9);                                      \
    F = SM3_ROL(F, 19);                                     \
    uint32_t m_ = E ^ F;                                    \
    uint32_t u_ = SM3_ROL(t_, 9) ^ SM3_ROL(t_, 17);         \
    H = t_ ^ u_;                                            \
    gg = (F ^ (t_ & m_)) ^ (u_ & m_);                       \
  } while (0)

#define SM3_R4_ARRAY_GG(FF, W, WP, K, j)                                                   \
  do {                                                                                     \
    SM3_ROUND_GG(FF, A, B, C, D, E, F, G, H, K[(j)], W[(j)], WP[(j)]);                     \
    SM3_ROUND_GG(FF, D, A, B, C, H, E, F, G, K[(j) + 1], W[(j) + 1], WP[(j) + 1]);         \
    SM3_ROUND_GG(FF, C, D, A, B, G, H, E, F, K[(j) + 2], W[(j) + 2], WP[(j) + 2]);         \
    SM3_ROUND_GG(FF, B, C, D, A, F, G, H, E, K[(j) + 3], W[(j) + 3], WP[(j) + 3]);         \
  } while (0)

/* Message expansion (§5.3.2) over a 16-word window X (indices mod 16): W_j replaces W_{j-16}. */
#define SM3_EXPAND(X, j)                                                                           \
  (X[(j) & 15] = SM3_P1(X[(j) & 15] ^ X[((j) - 9) & 15] ^ SM3_ROL(X[((j) - 3) & 15], 15)) ^        \
                 SM3_ROL(X[((j) - 13) & 15], 7) ^ X[((j) - 6) & 15])

/* Rounds j..j+3 over the window X, expanding W_{j+4..j+7} just before they are needed; K is
 * the constant table (a static const array in each kernel file, folded into immediates). */
#define SM3_R4_WINDOW(FF, GG, X, K, j)                                                        \
  do {                                                                                        \
    if ((j) + 4 >= 16) SM3_EXPAND(X, (j) + 4);                                                \
    SM3_ROUND(FF, GG, A, B, C, D, E, F, G, H, K[(j)], X[(j) & 15], X[(j) & 15] ^ X[((j) + 4) & 15]); \
    if ((j) + 5 >= 16) SM3_EXPAND(X, (j) + 5);                                                \
    SM3_ROUND(FF, GG, D, A, B, C, H, E, F, G, K[(j) + 1], X[((j) + 1) & 15],                  \
              X[((j) + 1) & 15] ^ X[((j) + 5) & 15]);                                         \
    if ((j) + 6 >= 16) SM3_EXPAND(X, (j) + 6);                                                \
    SM3_ROUND(FF, GG, C, D, A, B, G, H, E, F, K[(j) + 2], X[((j) + 2) & 15],                  \
              X[((j) + 2) & 15] ^ X[((j) + 6) & 15]);                                         \
    if ((j) + 7 >= 16) SM3_EXPAND(X, (j) + 7);                                                \
    SM3_ROUND(FF, GG, B, C, D, A, F, G, H, E, K[(j) + 3], X[((j) + 3) & 15],                  \
              X[((j) + 3) & 15] ^ X[((j) + 7) & 15]);                                         \
  } while (0)

/* Rounds j..j+3 with W and W' read from arrays. */
#define SM3_R4_ARRAY(FF, GG, W, WP, K, j)                                                  \
  do {                                                                                     \
    SM3_ROUND(FF, GG, A, B, C, D, E, F, G, H, K[(j)], W[(j)], WP[(j)]);                    \
    SM3_ROUND(FF, GG, D, A, B, C, H, E, F, G, K[(j) + 1], W[(j) + 1], WP[(j) + 1]);        \
    SM3_ROUND(FF, GG, C, D, A, B, G, H, E, F, K[(j) + 2], W[(j) + 2], WP[(j) + 2]);        \
    SM3_ROUND(FF, GG, B, C, D, A, F, G, H, E, K[(j) + 3], W[(j) + 3], WP[(j) + 3]);        \
  } while (0)

/* All 64 rounds over a window X that holds W_0..W_15 on entry. */
#define SM3_ROUNDS_WINDOW(X, K)                   \
  do {                                            \
    SM3_R4_WINDOW(SM3_FF0, SM3_GG0, X, K, 0);     \
    SM3_R4_WINDOW(SM3_FF0, SM3_GG0, X, K, 4);     \
    SM3_R4_WINDOW(SM3_FF0, SM3_GG0, X, K, 8);     \
    SM3_R4_WINDOW(SM3_FF0, SM3_GG0, X, K, 12);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 16);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 20);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 24);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 28);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 32);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 36);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 40);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 44);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 48);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 52);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 56);    \
    SM3_R4_WINDOW(SM3_FF1, SM3_GG1, X, K, 60);    \
  } while (0)

/* V_{i+1} = ABCDEFGH ^ V_i (§5.3.1), and the working registers restart from it. */
#define SM3_FEED_FORWARD(st) \
  do {                       \
    A = (st)[0] ^= A;        \
    B = (st)[1] ^= B;        \
    C = (st)[2] ^= C;        \
    D = (st)[3] ^= D;        \
    E = (st)[4] ^= E;        \
    F = (st)[5] ^= F;        \
    G = (st)[6] ^= G;        \
    H = (st)[7] ^= H;        \
  } while (0)

#endif
