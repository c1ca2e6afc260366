/*
 * words.h - the rule file's plain lists (no patterns): the file endings
 * and title beginnings by which a link is taken for a document even when
 * its text names none, the words a document card's link to its file
 * begins with, the key words whose one-letter typos are mended, and
 * the HTTP statuses by which a site refuses a robot. Private to rules/.
 */
#ifndef MA_WORDS_H
#define MA_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

struct rule_words {
	char *file_endings[CAP_RULE_WORDS];    /* ".pdf", lower case */
	size_t nfile_endings;
	char *title_starts[CAP_RULE_WORDS];    /* "приказ", lower case */
	size_t ntitle_starts;
	char *download_starts[CAP_RULE_WORDS]; /* "скачать": a card's link to its file, lower case */
	size_t ndownload_starts;
	char *keywords[CAP_RULE_WORDS];        /* "наставничеств": a stem whose one-letter typos are mended */
	size_t nkeywords;
	long refusals[CAP_RULE_WORDS];         /* 401, 403, 429 */
	size_t nrefusals;
};

/* Add one item; 0, or -1 with a reason in why (the list is full, a bad status, out of memory). */
int rule_words_add_file_ending(struct rule_words *w, const char *value, char *why, size_t whylen);
int rule_words_add_title_start(struct rule_words *w, const char *value, char *why, size_t whylen);
int rule_words_add_download_start(struct rule_words *w, const char *value, char *why, size_t whylen);
int rule_words_add_keyword(struct rule_words *w, const char *value, char *why, size_t whylen);
int rule_words_add_refusal(struct rule_words *w, const char *value, char *why, size_t whylen);
/* Every list of w that is empty takes from's items. 0, or -1 when out of memory. */
int rule_words_inherit(struct rule_words *w, const struct rule_words *from);
bool rule_words_empty(const struct rule_words *w);
void rule_words_free(struct rule_words *w);

bool rule_words_file_is_document(const struct rule_words *w, const char *filename);
bool rule_words_title_is_document(const struct rule_words *w, const char *lower_text);
bool rule_words_text_is_download(const struct rule_words *w, const char *lower_text);
bool rule_words_refuses(const struct rule_words *w, long status);

#endif
