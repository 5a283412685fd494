/* Declassification points for the constant-time check (.build harness, valgrind memcheck with
 * secrets marked undefined — the ctgrind technique). A few bits derived from secrets are public
 * by design: whether a key is valid (an error says so), whether a random draw was rejected or a
 * k must be replaced (the draw is discarded), whether decryption succeeded. Built with
 * -DMIMA_CTGRIND they are marked defined so memcheck reports only unintended secret-dependent
 * branches and addresses; otherwise the macro is empty. */
#ifndef MIMA_SM2_CT_H
#define MIMA_SM2_CT_H

#ifdef MIMA_CTGRIND
#include <valgrind/memcheck.h>
#define SM2_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
/* fresh random scalars are secrets from the moment they are drawn */
#define SM2_CLASSIFY(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#else
#define SM2_DECLASSIFY(p, n) ((void)(p), (void)(n))
#define SM2_CLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/* The value of a secret-derived flag that is public by design. */
static inline unsigned long long sm2_public_bit(unsigned long long x) {
  SM2_DECLASSIFY(&x, sizeof x);
  return x;
}

#endif
