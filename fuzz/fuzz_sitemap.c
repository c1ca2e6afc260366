/*
 * fuzz_sitemap.c - sitemap_parse() on arbitrary bytes, then each <loc>
 * resolved against the sitemap's URL as src/discover.c does.
 *
 * Input: one selector byte, then the sitemap's bytes. The selector is the
 * most <loc>s kept (255: CAP_SITEMAP_URLS), so the cap on kept URLs is
 * reached by small inputs too.
 * Besides memory errors and leaks it checks what sitemap.h promises: a
 * kind of the enum, no <loc> for a file of neither kind, at most the <loc>s
 * asked for (the rest only counted), each one trimmed, non-empty, shorter
 * than CAP_URL_BYTES, without control characters; a resolved URL is
 * http(s).
 */
#include "fuzz/fuzz.h"

#include <stdbool.h>

#include "core/caps.h"
#include "parsers/sitemap.h"
#include "parsers/url.h"

#define BASE "https://school.test/sitemap.xml"

static bool trimmed_clean(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= CAP_URL_BYTES || s[0] == ' ' || s[0] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\n')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sitemap *s = NULL;
	size_t max;

	if (size < 1)
		return 0;
	max = data[0] == 255 ? CAP_SITEMAP_URLS : data[0];
	if (sitemap_parse(&s, (const char *)data + 1, size - 1, max))
		return 0;    /* out of memory */
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(s->kind == SITEMAP_NONE || s->kind == SITEMAP_URLSET || s->kind == SITEMAP_INDEX);
	FUZZ_CHECK(s->kind != SITEMAP_NONE || (s->nlocs == 0 && s->dropped == 0));
	FUZZ_CHECK(s->nlocs <= max);
	FUZZ_CHECK(s->dropped == 0 || s->nlocs == max);
	FUZZ_CHECK(!s->cut);   /* inputs stay far below CAP_SITEMAP_BYTES */
	FUZZ_CHECK(strcmp(sitemap_kind_name(s->kind), "none") != 0 || s->kind == SITEMAP_NONE);
	for (size_t i = 0; i < s->nlocs; i++) {
		char *url = NULL;

		FUZZ_CHECK(s->locs[i] != NULL);
		FUZZ_CHECK(trimmed_clean(s->locs[i]));
		if (url_resolve(&url, BASE, s->locs[i]) == 0) {
			FUZZ_CHECK(url != NULL);
			FUZZ_CHECK(strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0);
		}
		free(url);
	}
	sitemap_free(s);
	return 0;
}
