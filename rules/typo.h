/*
 * typo.h - a one-letter typo in a key word of the rules, mended before a
 * link's text is matched (typo.c). Private to rules/.
 */
#ifndef MA_TYPO_H
#define MA_TYPO_H

#include <stddef.h>

#include "core/caps.h"

/* The longest text mended: a link's text, title, file name or context. */
#define CAP_TYPO_TEXT CAP_CONTEXT_TEXT

/*
 * Mend text against the stems[0..nstems) (lower case, Cyrillic): each word
 * whose beginning is one edit from a stem gets the stem instead. The
 * mended text goes to out (cap bytes with the NUL; a word that would not
 * fit stays as it was). Returns how many words were mended; 0 leaves out
 * undefined (nothing to mend, or text longer than CAP_TYPO_TEXT).
 */
size_t rule_typo_mend(char *const *stems, size_t nstems, const char *text, char *out, size_t cap);

#endif
