/*
 * registry_header.c - which header row, and which of its cells hold the
 * id, the name and the URL (see registry_header.h).
 */
#include "core/macros.h"
#include "parsers/registry_header.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const column_label[COL_KINDS] = { "id", "name", "URL" };

/*
 * Accepted header names, compared after header_key() (lower-cased, white
 * space folded, quotes and trailing ':' or '.' removed). When several
 * columns fit one kind, the one listed first here wins, so specific names
 * come before vague ones: "адрес" is often the postal address, and only
 * serves as the URL column when nothing better is there.
 */
static const struct {
	const char *key;
	enum column col;
} header_names[] = {
	{ "id", COL_ID },
	{ "№", COL_ID },
	{ "№ п/п", COL_ID },
	{ "№п/п", COL_ID },
	{ "n п/п", COL_ID },
	{ "no п/п", COL_ID },
	{ "п/п", COL_ID },
	{ "n", COL_ID },
	{ "no", COL_ID },
	{ "#", COL_ID },
	{ "номер", COL_ID },
	{ "код", COL_ID },
	{ "ид", COL_ID },
	{ "code", COL_ID },
	{ "наименование организации", COL_NAME },
	{ "наименование оо", COL_NAME },
	{ "наименование оу", COL_NAME },
	{ "наименование учреждения", COL_NAME },
	{ "наименование", COL_NAME },
	{ "название", COL_NAME },
	{ "образовательная организация", COL_NAME },
	{ "образовательное учреждение", COL_NAME },
	{ "организация", COL_NAME },
	{ "учреждение", COL_NAME },
	{ "оо", COL_NAME },
	{ "оу", COL_NAME },
	{ "name", COL_NAME },
	{ "organization", COL_NAME },
	{ "organisation", COL_NAME },
	{ "school", COL_NAME },
	{ "title", COL_NAME },
	{ "url", COL_URL },
	{ "ссылка на раздел", COL_URL },
	{ "ссылка на информационный ресурс", COL_URL },
	{ "адрес сайта", COL_URL },
	{ "сайт", COL_URL },
	{ "ссылка", COL_URL },
	{ "website", COL_URL },
	{ "site", COL_URL },
	{ "link", COL_URL },
	{ "section", COL_URL },
	{ "раздел", COL_URL },
	{ "адрес", COL_URL },
};

/*
 * Words that make a header cell fit a kind when no name above matches it:
 * departments write whole sentences as headers («Ссылка на информационный
 * ресурс сопровождения наставничества педагогических работников ...»).
 * These rank below every exact name.
 */
static const struct {
	const char *word;
	enum column col;
} header_words[] = {
	{ "ссылка", COL_URL },
	{ "сайт", COL_URL },
	{ "url", COL_URL },
	{ "наименование", COL_NAME },
	{ "название", COL_NAME },
};

#define NAMES_COUNT COUNT(header_names)
#define WORDS_COUNT COUNT(header_words)
#define NO_RANK SIZE_MAX

/* ------------------------------------------------------------------ */
/* Header */

/* Lower-case ASCII and Cyrillic (А-Я, Ё) in place; UTF-8 lengths do not change. */
static void lower_utf8(char *s)
{
	unsigned char *u = (unsigned char *)s;

	for (; *u; u++) {
		if (*u >= 'A' && *u <= 'Z') {
			*u = (unsigned char)(*u - 'A' + 'a');
		} else if (u[0] == 0xD0 && u[1] >= 0x90 && u[1] <= 0x9F) {
			u[1] = (unsigned char)(u[1] + 0x20);              /* А-П -> а-п */
			u++;
		} else if (u[0] == 0xD0 && u[1] >= 0xA0 && u[1] <= 0xAF) {
			u[0] = 0xD1;                                      /* Р-Я -> р-я */
			u[1] = (unsigned char)(u[1] - 0x20);
			u++;
		} else if (u[0] == 0xD0 && u[1] == 0x81) {
			u[0] = 0xD1;                                      /* Ё -> ё */
			u[1] = 0x91;
			u++;
		}
	}
}

/* Quotes and punctuation that decorate header cells: "Сайт:", «Название», No. */
static const char *const header_trim[] = {
	" ", "\"", "'", ":", ".", ",", ";", "*", "«", "»", "“", "”", "„",
};

static bool strip_one(char *s, size_t *n, bool at_end)
{
	size_t i;

	for (i = 0; i < COUNT(header_trim); i++) {
		size_t m = strlen(header_trim[i]);

		if (m > *n)
			continue;
		if (at_end && memcmp(s + *n - m, header_trim[i], m) == 0) {
			*n -= m;
			return true;
		}
		if (!at_end && memcmp(s, header_trim[i], m) == 0) {
			memmove(s, s + m, *n - m);
			*n -= m;
			return true;
		}
	}
	return false;
}

/* The form a header cell is compared in; caller frees. */
static char *header_key(const char *cell)
{
	char *s = strdup(cell);
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	while (strip_one(s, &n, false))
		;
	while (strip_one(s, &n, true))
		;
	s[n] = '\0';
	lower_utf8(s);
	return s;
}

/* Rank of a header key for a kind: lower is better, NO_RANK when it does not fit. */
static size_t header_rank(const char *key, enum column col)
{
	size_t i;

	if (!key[0])
		return NO_RANK;
	for (i = 0; i < NAMES_COUNT; i++)
		if (strcmp(key, header_names[i].key) == 0)
			return header_names[i].col == col ? i : NO_RANK;
	for (i = 0; i < WORDS_COUNT; i++)
		if (header_words[i].col == col && strstr(key, header_words[i].word))
			return NAMES_COUNT + i;
	return NO_RANK;
}

/* Which header cell holds each kind; a cell serves one kind only. */
static int map_columns(struct registry_header *h, const struct record *rec)
{
	char *keys[CAP_REGISTRY_COLUMNS] = { NULL };
	size_t best[COL_KINDS];
	size_t i, k;
	int rc = -1;

	for (i = 0; i < rec->nstored; i++) {
		keys[i] = header_key(registry_csv_field(rec, i));
		if (!keys[i])
			goto out;
	}
	for (k = 0; k < COL_KINDS; k++) {
		h->col[k] = SIZE_MAX;
		best[k] = NO_RANK;
	}
	for (k = 0; k < COL_KINDS; k++) {
		for (i = 0; i < h->ncols; i++) {
			size_t rank = header_rank(keys[i], (enum column)k);
			bool taken = false;
			size_t j;

			for (j = 0; j < k; j++)
				taken = taken || h->col[j] == i;
			if (!taken && rank < best[k]) {
				best[k] = rank;
				h->col[k] = i;
			}
		}
	}
	rc = 0;
out:
	for (i = 0; i < rec->nstored; i++)
		free(keys[i]);
	return rc;
}

static void explain_missing(char *err, size_t errlen, enum column col)
{
	const char *sep = "";
	size_t i;

	registry_add_err(err, errlen, "no %s column (expected one of: ", column_label[col]);
	for (i = 0; i < NAMES_COUNT; i++) {
		if (header_names[i].col != col)
			continue;
		registry_add_err(err, errlen, "%s%s", sep, header_names[i].key);
		sep = ", ";
	}
	sep = "; or a header containing ";
	for (i = 0; i < WORDS_COUNT; i++) {
		if (header_words[i].col != col)
			continue;
		registry_add_err(err, errlen, "%s%s", sep, header_words[i].word);
		sep = ", ";
	}
	registry_add_err(err, errlen, ")");
}

/*
 * Find the header: the first non-blank record, or one of the next few when
 * the first ones are titles ("Реестр ссылок;;;"). The delimiter is sniffed
 * from each candidate's own line.
 */
int registry_header_read(struct registry_header *h, struct cursor *c, struct record *rec,
                         char *err, size_t errlen)
{
	size_t tried = 0, first_line = 0;
	bool first_missing[COL_KINDS] = { false };

	rec->max = CAP_REGISTRY_COLUMNS;
	while (tried < CAP_REGISTRY_TITLE_ROWS) {
		size_t k;
		bool ok = true;

		c->delim = registry_csv_sniff(c->p, c->len, c->pos);
		if (c->pos >= c->len)
			break;
		if (registry_csv_read(c, rec) < 0) {
			registry_set_err(err, errlen, "out of memory");
			return -1;
		}
		if (rec->problem != REC_OK) {
			registry_set_err(err, errlen, "line %zu: header: %s in column %zu", rec->line,
			                 registry_csv_problem_text(rec->problem), rec->problem_col);
			return -1;
		}
		if (registry_csv_blank(rec))
			continue;
		if (rec->last_text > CAP_REGISTRY_COLUMNS) {
			registry_set_err(err, errlen, "line %zu: %zu columns, more than the cap of %u",
			                 rec->line, rec->last_text, CAP_REGISTRY_COLUMNS);
			return -1;
		}
		/* Excel pads rows with empty cells up to the widest row. */
		h->ncols = rec->last_text;
		if (map_columns(h, rec) < 0) {
			registry_set_err(err, errlen, "out of memory");
			return -1;
		}
		for (k = COL_NAME; k < COL_KINDS; k++) {
			if (h->col[k] == SIZE_MAX)
				ok = false;
			if (tried == 0)
				first_missing[k] = h->col[k] == SIZE_MAX;
		}
		if (tried == 0)
			first_line = rec->line;
		if (ok)
			return 0;
		tried++;
	}
	if (tried == 0) {
		registry_set_err(err, errlen, "the registry is empty (no header line)");
		return -1;
	}
	registry_set_err(err, errlen, "line %zu: ", first_line);
	if (first_missing[COL_NAME])
		explain_missing(err, errlen, COL_NAME);
	if (first_missing[COL_NAME] && first_missing[COL_URL])
		registry_add_err(err, errlen, "; ");
	if (first_missing[COL_URL])
		explain_missing(err, errlen, COL_URL);
	return -1;
}
