/*
 * fuzz_registry.c - registry_parse() on arbitrary bytes: the department's
 * CSV in any of the encodings, delimiters, quotings and header shapes
 * parsers/registry.h accepts, and every malformed variant of them.
 *
 * Input: the file's bytes, as the tool reads them from disk.
 * Besides memory errors and leaks it checks what registry.h promises of a
 * parsed registry: no NULL strings, fields trimmed, folded to one line and
 * in UTF-8, the delimiter and encoding from the documented sets, issues
 * one line each and bounded by the cap.
 */
#include "fuzz/fuzz.h"

#include <stdbool.h>

#include "core/caps.h"
#include "core/text.h"
#include "parsers/registry.h"

static void check_text(const char *s, bool folded)
{
	size_t n;

	FUZZ_CHECK(s != NULL);
	n = strlen(s);
	FUZZ_CHECK(text_utf8_valid(s, n));
	if (!folded)
		return;
	FUZZ_CHECK(strchr(s, '\n') == NULL && strchr(s, '\r') == NULL);
	FUZZ_CHECK(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
}

static void check_registry(const struct registry *r)
{
	FUZZ_CHECK(r->delimiter == ',' || r->delimiter == ';' || r->delimiter == '\t');
	FUZZ_CHECK(r->encoding != NULL);
	FUZZ_CHECK(strcmp(r->encoding, "utf-8") == 0 || strcmp(r->encoding, "windows-1251") == 0 ||
	           strcmp(r->encoding, "utf-16le") == 0 || strcmp(r->encoding, "utf-16be") == 0);
	FUZZ_CHECK(r->nrows <= CAP_REGISTRY_ROWS);
	/* the cap; past it issues are only counted */
	FUZZ_CHECK(r->nissues <= CAP_REGISTRY_ISSUES);
	FUZZ_CHECK(r->issues_dropped == 0 || r->nissues == CAP_REGISTRY_ISSUES);
	for (size_t i = 0; i < r->nextra; i++)
		check_text(r->extra_names[i], true);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct registry_row *row = &r->rows[i];

		FUZZ_CHECK(row->line >= 1);
		/* a repeat names an earlier row that is its group's first */
		FUZZ_CHECK(row->repeats >= -1 && row->repeats < (long)i);
		FUZZ_CHECK(row->repeats < 0 || r->rows[row->repeats].repeats == -1);
		check_text(row->id, true);
		check_text(row->name, true);
		check_text(row->url, true);
		for (size_t k = 0; k < r->nextra; k++)
			check_text(row->extra[k], true);
	}
	for (size_t i = 0; i < r->nissues; i++) {
		check_text(r->issues[i].reason, true);
		FUZZ_CHECK(r->issues[i].kind > REGISTRY_ISSUE_UNREADABLE && r->issues[i].kind < REGISTRY_ISSUE_KINDS);
		FUZZ_CHECK(r->issues[i].line >= 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry *reg = NULL;
	char err[256];

	err[0] = '\0';
	if (registry_parse(&reg, (const char *)data, size, err, sizeof(err)) == 0) {
		FUZZ_CHECK(reg != NULL);
		check_registry(reg);
	} else {
		FUZZ_CHECK(err[0] != '\0' && strlen(err) < sizeof(err));
		check_text(err, true);
	}
	registry_free(reg);
	return 0;
}
