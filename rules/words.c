#include "rules/words.h"
#include "rules/rules.h"
#include "rules/ruleset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

/* The lowest and highest HTTP status a refusal can be. */
#define REFUSAL_MIN 400L
#define REFUSAL_MAX 599L

static int add_word(char **list, size_t *n, const char *value, char *why, size_t whylen)
{
	char low[CAP_RULE_LINE];

	if (*n >= CAP_RULE_WORDS) {
		snprintf(why, whylen, "too many items in one list (at most %u)", CAP_RULE_WORDS);
		return -1;
	}
	text_lower_copy(low, sizeof(low), value, strlen(value));
	list[*n] = strdup(low);
	if (!list[*n]) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		return -1;
	}
	(*n)++;
	return 0;
}

int rule_words_add_file_ending(struct rule_words *w, const char *value, char *why, size_t whylen)
{
	if (value[0] != '.' || strchr(value, '/') || strchr(value, ' ')) {
		snprintf(why, whylen, "a file ending starts with '.' and has no '/' or space, got '%s'", value);
		return -1;
	}
	return add_word(w->file_endings, &w->nfile_endings, value, why, whylen);
}

int rule_words_add_title_start(struct rule_words *w, const char *value, char *why, size_t whylen)
{
	return add_word(w->title_starts, &w->ntitle_starts, value, why, whylen);
}

int rule_words_add_download_start(struct rule_words *w, const char *value, char *why, size_t whylen)
{
	return add_word(w->download_starts, &w->ndownload_starts, value, why, whylen);
}

/* A key word: a stem of at least KEYWORD_MIN_LETTERS Cyrillic letters (typo.c mends only such). */
#define KEYWORD_MIN_LETTERS 7u
int rule_words_add_keyword(struct rule_words *w, const char *value, char *why, size_t whylen)
{
	size_t n = strlen(value), letters = 0;

	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned char c = (unsigned char)value[i];

		if ((c != 0xD0 && c != 0xD1) || ((unsigned char)value[i + 1] & 0xC0) != 0x80)
			break;
		letters++;
	}
	if (letters * 2 != n || letters < KEYWORD_MIN_LETTERS) {
		snprintf(why, whylen, "a keyword is one Cyrillic stem of at least %u letters, got '%s'",
		         KEYWORD_MIN_LETTERS, value);
		return -1;
	}
	return add_word(w->keywords, &w->nkeywords, value, why, whylen);
}

int rule_words_add_refusal(struct rule_words *w, const char *value, char *why, size_t whylen)
{
	char *end = NULL;
	long status;

	errno = 0;
	status = strtol(value, &end, 10);
	if (errno || end == value || *end || status < REFUSAL_MIN || status > REFUSAL_MAX) {
		snprintf(why, whylen, "refusal must be an HTTP status %ld..%ld, got '%s'", REFUSAL_MIN,
		         REFUSAL_MAX, value);
		return -1;
	}
	if (w->nrefusals >= CAP_RULE_WORDS) {
		snprintf(why, whylen, "too many items in one list (at most %u)", CAP_RULE_WORDS);
		return -1;
	}
	w->refusals[w->nrefusals++] = status;
	return 0;
}

static int copy_list(char **dst, size_t *ndst, char *const *src, size_t nsrc)
{
	for (size_t i = 0; i < nsrc; i++) {
		dst[i] = strdup(src[i]);
		if (!dst[i])
			return -1;
		*ndst = i + 1;
	}
	return 0;
}

int rule_words_inherit(struct rule_words *w, const struct rule_words *from)
{
	if (!w->nfile_endings && copy_list(w->file_endings, &w->nfile_endings, from->file_endings,
	                                   from->nfile_endings))
		return -1;
	if (!w->ntitle_starts && copy_list(w->title_starts, &w->ntitle_starts, from->title_starts,
	                                   from->ntitle_starts))
		return -1;
	if (!w->ndownload_starts && copy_list(w->download_starts, &w->ndownload_starts, from->download_starts,
	                                      from->ndownload_starts))
		return -1;
	if (!w->nkeywords && copy_list(w->keywords, &w->nkeywords, from->keywords, from->nkeywords))
		return -1;
	if (!w->nrefusals) {
		memcpy(w->refusals, from->refusals, from->nrefusals * sizeof(from->refusals[0]));
		w->nrefusals = from->nrefusals;
	}
	return 0;
}

bool rule_words_empty(const struct rule_words *w)
{
	return !w->nfile_endings || !w->ntitle_starts || !w->ndownload_starts || !w->nkeywords || !w->nrefusals;
}

void rule_words_free(struct rule_words *w)
{
	for (size_t i = 0; i < w->nfile_endings; i++)
		free(w->file_endings[i]);
	for (size_t i = 0; i < w->ntitle_starts; i++)
		free(w->title_starts[i]);
	for (size_t i = 0; i < w->ndownload_starts; i++)
		free(w->download_starts[i]);
	for (size_t i = 0; i < w->nkeywords; i++)
		free(w->keywords[i]);
	memset(w, 0, sizeof(*w));
}

bool rule_words_file_is_document(const struct rule_words *w, const char *filename)
{
	size_t n = strlen(filename);

	for (size_t i = 0; i < w->nfile_endings; i++) {
		size_t m = strlen(w->file_endings[i]);

		if (n >= m && strcasecmp(filename + n - m, w->file_endings[i]) == 0)
			return true;
	}
	return false;
}

static bool starts_with_any(char *const *list, size_t n, const char *lower_text)
{
	for (size_t i = 0; i < n; i++)
		if (strncmp(lower_text, list[i], strlen(list[i])) == 0)
			return true;
	return false;
}

bool rule_words_title_is_document(const struct rule_words *w, const char *lower_text)
{
	return starts_with_any(w->title_starts, w->ntitle_starts, lower_text);
}

bool rule_words_text_is_download(const struct rule_words *w, const char *lower_text)
{
	return starts_with_any(w->download_starts, w->ndownload_starts, lower_text);
}

bool rule_words_refuses(const struct rule_words *w, long status)
{
	for (size_t i = 0; i < w->nrefusals; i++)
		if (w->refusals[i] == status)
			return true;
	return false;
}

/* The ruleset's lists (rules.h). */
bool rules_is_document_file(const struct ruleset *rs, const char *filename)
{
	return rule_words_file_is_document(&rs->words, filename);
}

bool rules_title_is_document(const struct ruleset *rs, const char *lower_text)
{
	return rule_words_title_is_document(&rs->words, lower_text);
}

bool rules_text_is_download(const struct ruleset *rs, const char *lower_text)
{
	return rule_words_text_is_download(&rs->words, lower_text);
}

bool rules_refuses(const struct ruleset *rs, long status)
{
	return rule_words_refuses(&rs->words, status);
}
