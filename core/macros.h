/*
 * macros.h - the small macros every layer shares, defined once here.
 *
 * Add one here when a second file would define it; a macro used by one
 * file stays in that file.
 */
#ifndef MA_MACROS_H
#define MA_MACROS_H

/* Elements of an array (not of a pointer). */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Room for one error message of a command: a file name, a line, a reason. */
#define ERR_LEN 1024

#if defined(__GNUC__)
#define MA_PRINTF(a, b) __attribute__((format(printf, a, b)))
/*
 * The result must be looked at: it says whether memory ran out (or a cap
 * was reached). GCC warns even through a (void) cast, so a result ignored
 * on purpose is tested, with a comment saying why nothing follows.
 */
#define MA_MUST_USE __attribute__((warn_unused_result))
#else
#define MA_PRINTF(a, b)
#define MA_MUST_USE
#endif

#endif
