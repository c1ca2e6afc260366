/*
 * registry_header.h - the registry's header row; internal to
 * parsers/registry*.c (the public interface is registry.h).
 *
 * Owns the accepted header names (a table in registry_header.c: add a
 * name there) and the choice of the header among the first records.
 */
#ifndef MA_REGISTRY_HEADER_H
#define MA_REGISTRY_HEADER_H

#include <stddef.h>

#include "parsers/registry_csv.h"

enum column { COL_ID, COL_NAME, COL_URL, COL_KINDS };

struct registry_header {
	size_t col[COL_KINDS];   /* header column of each kind (0-based), SIZE_MAX if absent */
	size_t ncols;            /* up to the last non-empty header cell */
};

/*
 * Find the header: the first non-blank record, or one of the next
 * CAP_REGISTRY_TITLE_ROWS when the first ones are titles. On success rec
 * holds the header's cells, c->delim its delimiter, and c is past it.
 * 0, or -1 with a one-line reason in err (no name or URL column, ...).
 */
int registry_header_read(struct registry_header *h, struct cursor *c, struct record *rec,
                         char *err, size_t errlen);

#endif
