/*
 * registry.h - the department's registry of organisations (CSV) in memory.
 *
 * registry_parse() takes the file's bytes; it does no I/O. It accepts
 * UTF-8 with or without BOM and windows-1251, `,` or `;` as delimiter
 * (chosen from the header line), RFC 4180 quoting (delimiters, doubled
 * quotes and newlines inside quotes). Header names may be English
 * (id, name, url) or Russian (№, Наименование, Ссылка, ...). Columns other
 * than the three required ones are kept, in order, as "extra" columns.
 *
 * A record that cannot be read (unterminated quote, more fields than the
 * header, no id and no name) becomes a registry_issue with its line number
 * and is not a row. A row whose URL is empty is still a row: deciding that
 * a URL is unusable is the caller's business.
 */
#ifndef MA_REGISTRY_H
#define MA_REGISTRY_H

#include <stddef.h>

struct registry_row {
	size_t line;        /* 1-based line where the record starts */
	char *id;           /* trimmed, never NULL */
	char *name;         /* trimmed, never NULL */
	char *url;          /* trimmed, never NULL (may be "") */
	char **extra;       /* nextra values, never NULL items */
};

struct registry_issue {
	size_t line;
	char *reason;       /* one line, English */
};

struct registry {
	char **extra_names;          /* header names of the extra columns */
	size_t nextra;
	struct registry_row *rows;
	size_t nrows;
	struct registry_issue *issues;
	size_t nissues;
	char delimiter;              /* ',' or ';' */
	const char *encoding;        /* "utf-8" or "windows-1251" (static) */
};

/*
 * Parse a registry. On success *out is owned by the caller (registry_free).
 * On failure returns -1 and writes a one-line reason to err (e.g.
 * "line 1: no column for the URL (expected url / Ссылка / Сайт)").
 */
int registry_parse(struct registry **out, const char *buf, size_t len,
                   char *err, size_t errlen);
void registry_free(struct registry *r);

#endif
