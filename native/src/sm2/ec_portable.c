/* ec_impl.inc over the portable field arithmetic (fe.h): any 64-bit target with __int128. */
#include "ec.h"

#define FN(name) name##_port
#define ATTR
#define FE_MUL(r, a, b) fe_mul_port((r), (a), (b))
#define FE_SQR(r, a) fe_sqr_port((r), (a))
#define FE_ADD(r, a, b) fe_add((r), (a), (b))
#define FE_SUB(r, a, b) fe_sub((r), (a), (b))
#define FE_MULS(r, a, c) fe_mul_small((r), (a), (c))
#include "ec_impl.inc"
#include "ec_vartime.inc"

const sm2_ec_ops sm2_ec_portable = {
  "portable",
  fe_mul_fn_port, fe_sqr_fn_port, fe_inv_port, fe_sqrt_port, comb_build_port, comb_mul_port,
  comb_mul_vartime_port, win_mul_port, odd_multiples_affine_port,
  double_mul_vartime_port, add_vartime_port,
  to_affine_batch_port,
};
