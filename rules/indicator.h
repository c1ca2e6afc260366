/*
 * indicator.h - the `indicator = NUMBER LETTER NAME` setting of the rule
 * file, which ties a document, the section or the system to a row of the
 * methodology's indicator table. Private to rules/.
 */
#ifndef MA_INDICATOR_H
#define MA_INDICATOR_H

#include <stddef.h>

struct rule_indicator;

/*
 * Read "15 Q Доля ОО, реализующих систему ..." into *ind (the name copied;
 * the letter at most 15 bytes, any script), or "none" (no row of its own).
 * 0, or -1 with a reason in why.
 */
int rule_indicator_parse(struct rule_indicator *ind, const char *value, char *why, size_t whylen);
void rule_indicator_clear(struct rule_indicator *ind);

#endif
