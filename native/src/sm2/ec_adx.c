/* ec_impl.inc over the BMI2/ADX field arithmetic (fe_adx.h). Every function carries the target
 * attribute; the addon itself is compiled for baseline x86-64 and sm2.c only installs this table
 * when the CPU reports both bmi2 and adx. */
#include "ec.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include "fe_adx.h"

#define FN(name) name##_adx
#define ATTR SM2_ADX_FN
#define FE_MUL(r, a, b) fe_mul_adx((r), (a), (b))
#define FE_SQR(r, a) fe_sqr_adx((r), (a))
#define FE_ADD(r, a, b) fe_add_asm((r), (a), (b))
#define FE_SUB(r, a, b) fe_sub_asm((r), (a), (b))
#define FE_MULS(r, a, c) fe_mul_small_adx((r), (a), (c))
#include "ec_impl.inc"
#include "ec_vartime.inc"

const sm2_ec_ops sm2_ec_adx = {
  "bmi2+adx",
  fe_mul_fn_adx, fe_sqr_fn_adx, fe_inv_adx, fe_sqrt_adx, comb_build_adx, comb_mul_adx,
  comb_mul_vartime_adx, win_mul_adx, odd_multiples_affine_adx,
  double_mul_vartime_adx, add_vartime_adx,
  to_affine_batch_adx,
};
#endif
