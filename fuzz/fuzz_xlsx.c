/*
 * fuzz_xlsx.c - an Excel registry's sheet and shared strings
 * (registry_xlsx_sheet_text(), past the zip) on arbitrary XML, then the
 * text it makes read as a registry is (registry_parse()).
 *
 * Input: the shared strings' XML, a NUL byte, then the sheet's XML (no
 * NUL: the whole input is the sheet, with no shared strings).
 * Besides memory errors and leaks it checks what registry_xlsx.h promises:
 * a failure has a reason; the text is NUL-terminated at its length, within
 * CAP_REGISTRY_BYTES and a line end; the registry it makes, or its error,
 * follows registry.h's promises (rows have their strings, lines ascend).
 */
#include "fuzz/fuzz.h"

#include "core/caps.h"
#include "parsers/registry.h"
#include "parsers/registry_xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	const char *nul = memchr(in, '\0', size);
	const char *strs = nul ? in : NULL, *sheet = nul ? nul + 1 : in;
	size_t nstrs = nul ? (size_t)(nul - in) : 0, nsheet = nul ? size - nstrs - 1 : size;
	struct registry *r = NULL;
	char err[256] = "", *text = NULL;
	size_t tlen = 0;

	if (registry_xlsx_sheet_text(&text, &tlen, strs, nstrs, sheet, nsheet, err, sizeof(err))) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(text == NULL);
		return 0;
	}
	FUZZ_CHECK(text != NULL);
	FUZZ_CHECK(strlen(text) <= tlen && text[tlen] == '\0');
	FUZZ_CHECK(tlen <= CAP_REGISTRY_BYTES && tlen > 0 && text[tlen - 1] == '\n');
	if (registry_parse(&r, text, tlen, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < r->nrows; i++) {
			FUZZ_CHECK(r->rows[i].id && r->rows[i].name && r->rows[i].url);
			FUZZ_CHECK(i == 0 || r->rows[i].line > r->rows[i - 1].line);
		}
		registry_free(r);
	} else {
		FUZZ_CHECK(err[0] != '\0');
	}
	free(text);
	return 0;
}
