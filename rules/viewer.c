/*
 * viewer.c - a document viewer's link and the document it shows (the rule
 * file's [links] viewer): PDF.js's viewer.html?file=/upload/a.pdf, Google's
 * docs.google.com/viewer?url=…, Microsoft's view.aspx?src=… The pattern's
 * first capture is the document's address as the viewer's URL writes it:
 * percent-decoded and resolved against that URL, it is the link.
 */
#include <stdlib.h>

#include "parsers/html.h"
#include "parsers/url.h"
#include "rules/rules.h"
#include "rules/ruleset.h"

/* What capture 1 of a viewer's URL names: 1 and *target; 0 when it names none; -1 when out of memory. */
static int named_document(const char *url, const PCRE2_SIZE *ov, char **target)
{
	char *address;
	int rc;

	if (ov[2] == PCRE2_UNSET || ov[3] <= ov[2])
		return 0;
	address = url_unescape(url + ov[2], ov[3] - ov[2]);
	if (!address)
		return -1;
	rc = url_resolve(target, url, address);
	free(address);
	return rc == 0 ? 1 : 0;
}

int rules_viewer_target(const struct ruleset *rs, const char *url, char **target)
{
	pcre2_match_data *md;
	int found = 0;

	*target = NULL;
	if (rs->viewer.n == 0)
		return 0;
	md = pcre2_match_data_create(2, NULL);
	if (!md)
		return -1;
	for (size_t i = 0; i < rs->viewer.n && !found; i++)
		if (pcre2_match(rs->viewer.code[i], (PCRE2_SPTR)url, PCRE2_ZERO_TERMINATED, 0, 0, md, rs->mctx) > 1)
			found = named_document(url, pcre2_get_ovector_pointer(md), target);
	pcre2_match_data_free(md);
	return found;
}

int rules_unwrap_viewers(const struct ruleset *rs, struct html_page *page)
{
	for (size_t i = 0; i < page->nlinks; i++) {
		struct html_link *l = &page->links[i];
		char *target, *filename;
		int rc = rules_viewer_target(rs, l->url, &target);

		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		rc = url_filename(&filename, target);
		if (rc) {
			free(target);
			if (rc < 0)
				return -1;
			continue;
		}
		free(l->url);
		free(l->filename);
		l->url = target;
		l->filename = filename;
	}
	return 0;
}
