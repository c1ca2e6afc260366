/*
 * typo.c - a one-letter typo in a key word of the rules mended before a
 * link's text is matched («наствавничества» read as «наставничества»).
 *
 * The key words are the rule file's [links] keyword list: stems in lower
 * case («наставничеств», «положени»). A word of the text whose beginning
 * is one edit away from a stem (one letter changed, added, dropped, or two
 * neighbours swapped, before the stem's last two letters) has that
 * beginning replaced by the stem; a word that already begins with any stem
 * is left alone. Only Cyrillic words are read,
 * and only stems of TYPO_MIN_STEM letters or more are used: one edit from
 * a short stem is often another word.
 */
#include "rules/typo.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/text.h"

/* A stem shorter than this is not mended against: «план» is one letter from «плач». */
#define TYPO_MIN_STEM 7u
/* Letters of a word compared: a stem longer than this is not mended against. */
#define TYPO_MAX_LETTERS 32u

/* A Cyrillic letter in UTF-8: lead byte D0 or D1 and a continuation byte. */
static bool cyrillic_at(const char *s, size_t left)
{
	unsigned char c = (unsigned char)s[0];

	return left >= 2 && (c == 0xD0 || c == 0xD1) && ((unsigned char)s[1] & 0xC0) == 0x80;
}

/* The letters of a lower-case Cyrillic word as 16-bit codes (lead << 8 | second byte); their number. */
static size_t letters_of(const char *s, size_t len, uint16_t *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i + 1 < len && n < cap && cyrillic_at(s + i, len - i); i += 2)
		out[n++] = (uint16_t)((unsigned char)s[i] << 8 | (unsigned char)s[i + 1]);
	return n;
}

/*
 * Is a[0..m) one edit from the stem b[0..n): one letter changed, added or
 * dropped, or two neighbours swapped, before the stem's last two letters?
 * An edit there is a grammatical ending as often as a typo («закреплены»,
 * «положено» are words, not typos of «закреплени», «положени»).
 */
static bool one_edit(const uint16_t *a, size_t m, const uint16_t *b, size_t n)
{
	size_t i = 0;

	while (i < m && i < n && a[i] == b[i])
		i++;
	if (i + 2 >= n)
		return false;
	if (m == n) {
		if (i == m)
			return false;        /* equal: no typo */
		if (memcmp(a + i + 1, b + i + 1, (m - i - 1) * sizeof(*a)) == 0)
			return true;         /* one changed */
		return i + 1 < m && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       memcmp(a + i + 2, b + i + 2, (m - i - 2) * sizeof(*a)) == 0;   /* swapped */
	}
	if (m == n + 1)
		return memcmp(a + i + 1, b + i, (n - i) * sizeof(*a)) == 0;        /* one added in a */
	if (m + 1 == n)
		return memcmp(a + i, b + i + 1, (m - i) * sizeof(*a)) == 0;        /* one dropped from a */
	return false;
}

/*
 * How many bytes of the word w[0..wlen) (lower case) are a typo of stem:
 * its first stem-length letters give or take one, one edit away; 0 when
 * none is (or the word begins with the stem itself).
 */
static size_t typo_prefix(const char *w, size_t wlen, const char *stem)
{
	uint16_t word[TYPO_MAX_LETTERS + 1], key[TYPO_MAX_LETTERS + 1];
	size_t nw = letters_of(w, wlen, word, TYPO_MAX_LETTERS + 1);
	size_t nk = letters_of(stem, strlen(stem), key, TYPO_MAX_LETTERS + 1);

	if (nk < TYPO_MIN_STEM || nk > TYPO_MAX_LETTERS || strlen(stem) != nk * 2)
		return 0;
	/* Same length first, then one letter more, then one fewer. */
	for (size_t d = 0; d < 3; d++) {
		size_t l = d == 0 ? nk : d == 1 ? nk + 1 : nk - 1;

		if (l <= nw && one_edit(word, l, key, nk))
			return l * 2;
	}
	return 0;
}

static bool begins_with_stem(const char *w, size_t wlen, char *const *stems, size_t nstems)
{
	for (size_t k = 0; k < nstems; k++) {
		size_t n = strlen(stems[k]);

		if (n <= wlen && memcmp(w, stems[k], n) == 0)
			return true;
	}
	return false;
}

size_t rule_typo_mend(char *const *stems, size_t nstems, const char *text, char *out, size_t cap)
{
	char low[CAP_TYPO_TEXT + 1];
	size_t len = strlen(text), o = 0, mended = 0;

	if (!nstems || len > CAP_TYPO_TEXT || cap < len + 1)
		return 0;
	text_lower_copy(low, sizeof(low), text, len);
	if (strlen(low) != len)
		return 0;
	for (size_t i = 0; i < len;) {
		size_t end = i, cut = 0;
		const char *stem = NULL;
		bool spelt_right;

		if (!cyrillic_at(low + i, len - i)) {
			out[o++] = text[i++];
			continue;
		}
		while (end < len && cyrillic_at(low + end, len - end))
			end += 2;
		spelt_right = begins_with_stem(low + i, end - i, stems, nstems);
		for (size_t k = 0; k < nstems && !cut && !spelt_right; k++) {
			cut = typo_prefix(low + i, end - i, stems[k]);
			stem = stems[k];
		}
		/* The mended word may be one letter longer: it must still fit. */
		if (cut && o + strlen(stem) + (end - i - cut) + (len - end) < cap) {
			memcpy(out + o, stem, strlen(stem));
			o += strlen(stem);
			i += cut;
			mended++;
		}
		memcpy(out + o, text + i, end - i);
		o += end - i;
		i = end;
	}
	out[o] = '\0';
	return mended;
}
