/*
 * card.c - which link of a document's card is the document's file.
 *
 * A document link that opens a web page, not a file, has led to the
 * document's card (Госвеб's /dokumenty/<name>.html, a hosted
 * /file/card?id=N, a news item holding the file): the card's own link to
 * the file says whether the document is really there. Outside the card's
 * menus, in order: a link whose text begins with a [links] download word
 * and whose name is a file's («Скачать» → order.pdf); the only link to a
 * file; a link whose text begins with a download word («Скачать файл» →
 * /file/download?id=N). Several files and no download word: the card
 * says nothing certain, and the link is judged as it was.
 */
#include <string.h>

#include "core/text.h"
#include "parsers/html.h"
#include "rules/rules.h"

static bool is_download(const struct ruleset *rs, const struct html_link *l)
{
	char low[CAP_LINK_TEXT];

	text_lower_copy(low, sizeof(low), l->text, strlen(l->text));
	return low[0] && rules_text_is_download(rs, low);
}

/* Links outside the card's menus to files, other than the card itself. */
static size_t file_links(const struct ruleset *rs, const struct html_link *links, size_t n, const char *card_url)
{
	size_t files = 0;

	for (size_t i = 0; i < n; i++)
		files += !links[i].in_nav && strcmp(links[i].url, card_url) != 0 &&
		         rules_is_document_file(rs, links[i].filename);
	return files;
}

bool rules_page_lists_files(const struct ruleset *rs, const struct html_link *links, size_t n,
                            const char *card_url)
{
	return !rules_card_file_link(rs, links, n, card_url) && file_links(rs, links, n, card_url) > 1;
}

const struct html_link *rules_card_file_link(const struct ruleset *rs, const struct html_link *links, size_t n,
                                             const char *card_url)
{
	const struct html_link *file = NULL, *download = NULL;
	size_t files = 0;

	for (size_t i = 0; i < n; i++) {
		const struct html_link *l = &links[i];
		bool names_file, worded;

		if (l->in_nav || strcmp(l->url, card_url) == 0)
			continue;
		names_file = rules_is_document_file(rs, l->filename);
		worded = is_download(rs, l);
		if (names_file && worded)
			return l;
		if (names_file && files++ == 0)
			file = l;
		if (!download && worded)
			download = l;
	}
	return files == 1 ? file : download;
}
