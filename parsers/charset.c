#include "parsers/charset.h"

#include <errno.h>
#include <iconv.h>
#include <uchardet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/macros.h"
#include "core/text.h"

/* HTML5's prescan looks at the first 1024 bytes; old CMS templates put
 * <meta> after long <script> blocks, so we look further, as charset.h says. */
#define META_SCAN_BYTES 4096u

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/*
 * Names seen on the web (Content-Type, <meta>) mapped to the name glibc's
 * iconv_open() accepts. Names not listed pass through lower-cased: iconv
 * knows many more than this table, and charset_for_html() checks them.
 */
static const struct {
	const char *alias;
	const char *iconv_name;
} charset_aliases[] = {
	{ "utf-8", "utf-8" },
	{ "utf8", "utf-8" },
	{ "unicode-1-1-utf-8", "utf-8" },
	{ "x-unicode20utf8", "utf-8" },
	{ "windows-1251", "windows-1251" },
	{ "windows1251", "windows-1251" },
	{ "win-1251", "windows-1251" },
	{ "win1251", "windows-1251" },
	{ "cp1251", "windows-1251" },
	{ "cp-1251", "windows-1251" },
	{ "x-cp1251", "windows-1251" },
	{ "ms-cyrl", "windows-1251" },
	{ "koi8-r", "koi8-r" },
	{ "koi8r", "koi8-r" },
	{ "koi8_r", "koi8-r" },
	{ "koi", "koi8-r" },
	{ "koi8", "koi8-r" },
	{ "cskoi8r", "koi8-r" },
	{ "koi8-u", "koi8-u" },
	{ "koi8-ru", "koi8-u" },
	{ "iso-8859-5", "iso-8859-5" },
	{ "iso8859-5", "iso-8859-5" },
	{ "iso_8859-5", "iso-8859-5" },
	{ "iso_8859-5:1988", "iso-8859-5" },
	{ "cyrillic", "iso-8859-5" },
	{ "csisolatincyrillic", "iso-8859-5" },
	{ "ibm866", "cp866" },
	{ "cp866", "cp866" },
	{ "866", "cp866" },
	{ "csibm866", "cp866" },
	{ "x-mac-cyrillic", "maccyrillic" },
	{ "mac-cyrillic", "maccyrillic" },
	{ "ascii", "us-ascii" },
	{ "us-ascii", "us-ascii" },
	{ "latin1", "iso-8859-1" },
	{ "iso-8859-1", "iso-8859-1" },
	{ "iso8859-1", "iso-8859-1" },
	{ "iso_8859-1", "iso-8859-1" },
	{ "windows-1252", "windows-1252" },
	{ "cp1252", "windows-1252" },
};

/*
 * Declarations that say nothing about a Russian page: Apache's default
 * "charset=iso-8859-1" and template leftovers are sent by servers whose pages
 * are really UTF-8 or windows-1251. Following them would turn every Cyrillic
 * letter into mojibake, so charset_for_html() treats them as absent.
 */
static const char *const uninformative_charsets[] = {
	"us-ascii", "iso-8859-1", "windows-1252",
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Characters iconv and IANA names use; anything else means a garbled value. */
static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == ':';
}

/*
 * Lower-case s[0..n), map it through charset_aliases and write it to out.
 * Writes "" for empty, over-long or garbled names: a truncated name could
 * name a different charset.
 */
static void normalize_name(char out[CHARSET_NAME_MAX], const char *s, size_t n)
{
	char low[CHARSET_NAME_MAX];
	size_t i;

	out[0] = '\0';
	/* The HTML standard's "get an encoding": ASCII white space around a label is no part of it. */
	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n == 0 || n >= CHARSET_NAME_MAX)
		return;
	for (i = 0; i < n; i++) {
		low[i] = ascii_lower(s[i]);
		if (!is_name_char(low[i]))
			return;
	}
	low[n] = '\0';
	for (i = 0; i < COUNT(charset_aliases); i++) {
		if (strcmp(low, charset_aliases[i].alias) == 0) {
			strcpy(out, charset_aliases[i].iconv_name);
			return;
		}
	}
	memcpy(out, low, n + 1);
}

/* Case-insensitive search for needle in s[0..n); returns the offset or n. */
static size_t find_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	size_t i;

	if (m > n)
		return n;
	for (i = 0; i + m <= n; i++)
		if (strncasecmp(s + i, needle, m) == 0)
			return i;
	return n;
}

/*
 * The charset parameter of a Content-Type value s[0..n). "charset" must
 * start a word so that "x-charset=" or "foocharset=" are not taken.
 */
static void charset_from_params(const char *s, size_t n, char out[CHARSET_NAME_MAX])
{
	size_t pos = 0;

	out[0] = '\0';
	while (pos < n) {
		size_t at = pos + find_ci(s + pos, n - pos, "charset");
		size_t i, start;
		char quote = '\0';

		if (at >= n)
			return;
		i = at + 7;
		pos = i;
		if (at > 0 && !is_space(s[at - 1]) && s[at - 1] != ';' && s[at - 1] != '"' &&
		    s[at - 1] != '\'')
			continue;
		while (i < n && is_space(s[i]))
			i++;
		if (i >= n || s[i] != '=')
			continue;
		i++;
		while (i < n && is_space(s[i]))
			i++;
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			quote = s[i];
			i++;
		}
		start = i;
		while (i < n && s[i] != quote && s[i] != ';' && s[i] != ',' && s[i] != '"' &&
		       s[i] != '\'' && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
			i++;
		normalize_name(out, s + start, i - start);
		return;
	}
}

char *charset_from_content_type(const char *content_type, char out[CHARSET_NAME_MAX])
{
	out[0] = '\0';
	if (!content_type)
		return out;
	charset_from_params(content_type, strlen(content_type), out);
	return out;
}

struct span {
	const char *p;
	size_t n;
};

static bool span_is(struct span s, const char *word)
{
	return s.n == strlen(word) && strncasecmp(s.p, word, s.n) == 0;
}

/*
 * Read one attribute of a tag from s[*i..n): name, then an optional value
 * (double-quoted, single-quoted or bare). Returns false at '>' or the end.
 */
static bool next_attr(const char *s, size_t n, size_t *i, struct span *name, struct span *value)
{
	size_t k = *i;

	while (k < n && (is_space(s[k]) || s[k] == '/'))
		k++;
	if (k >= n || s[k] == '>') {
		*i = k;
		return false;
	}
	name->p = s + k;
	while (k < n && !is_space(s[k]) && s[k] != '=' && s[k] != '>' && s[k] != '/')
		k++;
	name->n = (size_t)(s + k - name->p);
	value->p = s + k;
	value->n = 0;
	while (k < n && is_space(s[k]))
		k++;
	if (k < n && s[k] == '=') {
		k++;
		while (k < n && is_space(s[k]))
			k++;
		if (k < n && (s[k] == '"' || s[k] == '\'')) {
			char q = s[k++];

			value->p = s + k;
			while (k < n && s[k] != q)
				k++;
			value->n = (size_t)(s + k - value->p);
			if (k < n)
				k++;
		} else {
			value->p = s + k;
			while (k < n && !is_space(s[k]) && s[k] != '>')
				k++;
			value->n = (size_t)(s + k - value->p);
		}
	}
	*i = k;
	return true;
}

/* The charset one <meta> tag declares; s[*i..n) starts after "<meta". */
static void meta_tag_charset(const char *s, size_t n, size_t *i, char out[CHARSET_NAME_MAX])
{
	struct span name, value, content = { NULL, 0 };
	bool http_equiv_ct = false;

	out[0] = '\0';
	while (next_attr(s, n, i, &name, &value)) {
		if (span_is(name, "charset") && !out[0])
			normalize_name(out, value.p, value.n);
		else if (span_is(name, "http-equiv"))
			http_equiv_ct = span_is(value, "content-type");
		else if (span_is(name, "content"))
			content = value;
	}
	if (!out[0] && http_equiv_ct && content.p)
		charset_from_params(content.p, content.n, out);
}

static bool can_convert(const char *name);

/*
 * As the HTML standard's prescan: a label no decoder knows is skipped and
 * the scan goes on to the next <meta>; a UTF-16 label means UTF-8 (the
 * bytes were read as ASCII to find it, so they are not UTF-16).
 */
static bool meta_label_usable(char out[CHARSET_NAME_MAX])
{
	if (strncmp(out, "utf-16", 6) == 0 || strcmp(out, "unicode") == 0 || strcmp(out, "ucs-2") == 0)
		strcpy(out, "utf-8");
	return can_convert(out);
}

char *charset_from_meta(const char *buf, size_t len, char out[CHARSET_NAME_MAX])
{
	size_t n = len < META_SCAN_BYTES ? len : META_SCAN_BYTES;
	size_t i = 0;

	out[0] = '\0';
	if (!buf)
		return out;
	while (i < n) {
		if (buf[i] != '<') {
			i++;
			continue;
		}
		/* A commented-out <meta> is a leftover of an old template. */
		if (n - i >= 4 && memcmp(buf + i, "<!--", 4) == 0) {
			size_t end = find_ci(buf + i + 4, n - i - 4, "-->");

			i += 4 + end + 3;
			continue;
		}
		if (n - i >= 6 && strncasecmp(buf + i, "<meta", 5) == 0 &&
		    (is_space(buf[i + 5]) || buf[i + 5] == '/')) {
			i += 5;
			meta_tag_charset(buf, n, &i, out);
			if (out[0] && meta_label_usable(out))
				return out;
			out[0] = '\0';
			continue;
		}
		i++;
	}
	return out;
}

/*
 * The single-byte Cyrillic encodings a page or file may be in undeclared,
 * as uchardet names them, and our names; windows-1251 first: the default.
 */
static const struct {
	const char *detected;
	const char *name;
} cyrillic_charsets[] = {
	{ "windows-1251", "windows-1251" },
	{ "koi8-r", "koi8-r" },
	{ "iso-8859-5", "iso-8859-5" },
	{ "ibm866", "cp866" },
	{ "ibm855", "cp855" },
	{ "mac-cyrillic", "maccyrillic" },
	{ "x-mac-cyrillic", "maccyrillic" },
};

/* Too few bytes above ASCII for a detector to tell one Cyrillic encoding from another. */
#define GUESS_MIN_HIGH_BYTES 16u

static size_t high_bytes(const char *buf, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += (unsigned char)buf[i] >= 0x80;
	return n;
}

/* Which Cyrillic single-byte encoding buf is in, by uchardet; windows-1251 when it cannot tell. */
static const char *cyrillic_guess(const char *buf, size_t len)
{
	const char *found = cyrillic_charsets[0].name;
	uchardet_t ud;

	if (high_bytes(buf, len) < GUESS_MIN_HIGH_BYTES)
		return found;
	ud = uchardet_new();
	if (!ud)
		return found;
	if (uchardet_handle_data(ud, buf, len) == 0) {
		const char *det;

		uchardet_data_end(ud);
		det = uchardet_get_charset(ud);
		for (size_t i = 0; det && i < COUNT(cyrillic_charsets); i++)
			if (strcasecmp(det, cyrillic_charsets[i].detected) == 0)
				found = cyrillic_charsets[i].name;
	}
	uchardet_delete(ud);
	return found;
}

const char *charset_guess(const char *buf, size_t len)
{
	struct utf8_tally t;

	if (!buf)
		return "utf-8";
	/*
	 * A sequence cut at the end is a body cut at its cap, not a clue. A
	 * page that is mostly valid UTF-8 is UTF-8 with a few stray bytes (a
	 * paragraph pasted from an old windows-1251 page): they become U+FFFD
	 * and the rest reads right. Single-byte Russian text almost never
	 * forms valid UTF-8 sequences, so its invalid bytes far outnumber them;
	 * which of the Cyrillic encodings it is, uchardet tells from the
	 * letters' frequencies.
	 */
	text_utf8_tally(buf, len, &t);
	if (t.invalid == 0 || t.multibyte > t.invalid)
		return "utf-8";
	return cyrillic_guess(buf, len);
}

/* UTF-8 is converted (checked) here, without iconv. */
static bool is_utf8(const char *name)
{
	return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0;
}

/* Can charset_to_utf8() read this charset? */
static bool can_convert(const char *name)
{
	if (is_utf8(name))
		return true;
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

static bool is_uninformative(const char *name)
{
	size_t i;

	for (i = 0; i < COUNT(uninformative_charsets); i++)
		if (strcmp(name, uninformative_charsets[i]) == 0)
			return true;
	return false;
}

/* A byte order mark's encoding, or NULL: it decides over any declaration. */
static const char *bom_charset(const char *buf, size_t len)
{
	if (text_has_utf8_bom(buf, len))
		return "utf-8";
	if (len >= 2 && (unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE)
		return "utf-16le";
	if (len >= 2 && (unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF)
		return "utf-16be";
	return NULL;
}

char *charset_for_html(const char *buf, size_t len, const char *content_type,
                       char out[CHARSET_NAME_MAX])
{
	const char *bom = buf ? bom_charset(buf, len) : NULL;
	char declared[2][CHARSET_NAME_MAX];
	size_t i;

	if (bom) {
		strcpy(out, bom);
		return out;
	}
	charset_from_content_type(content_type, declared[0]);
	charset_from_meta(buf, len, declared[1]);
	for (i = 0; i < 2; i++) {
		if (declared[i][0] && !is_uninformative(declared[i]) && can_convert(declared[i])) {
			strcpy(out, declared[i]);
			return out;
		}
	}
	strcpy(out, charset_guess(buf, len));
	return out;
}

/* Make room for at least `need` more bytes plus the NUL at *o. */
static int out_reserve(char **dst, size_t *alloc, char **o, size_t need)
{
	size_t used = (size_t)(*o - *dst);
	size_t n = *alloc;
	char *p;

	if (*alloc - used > need)
		return 0;
	while (n - used <= need) {
		if (n > SIZE_MAX / 2)
			return -1;
		n *= 2;
	}
	p = realloc(*dst, n);
	if (!p)
		return -1;
	*dst = p;
	*o = p + used;
	*alloc = n;
	return 0;
}

bool charset_utf8_as_is(const char *buf, size_t len, const char *charset)
{
	return buf && charset && is_utf8(charset) && text_utf8_valid_prefix(buf, len) == len &&
	       !text_has_utf8_bom(buf, len);
}

/*
 * UTF-8 to UTF-8 is done here, not by iconv: glibc's iconv lets code
 * points above U+10FFFF and the old 5- and 6-byte forms through, and
 * PCRE2 then refuses the whole text. Each byte that starts no valid
 * sequence becomes U+FFFD: 3 bytes out for 1 in, reserved as they come.
 */
static int copy_utf8(char **dst, size_t *alloc, char **o, const char *in, size_t inleft)
{
	while (inleft > 0) {
		size_t run = text_utf8_valid_prefix(in, inleft);
		int n;

		/* the longest valid stretch in one copy, then what stops it */
		if (out_reserve(dst, alloc, o, run + sizeof(replacement)))
			return -1;
		memcpy(*o, in, run);
		*o += run;
		in += run;
		inleft -= run;
		if (inleft == 0)
			break;
		n = text_utf8_seq_len(in, inleft);
		memcpy(*o, replacement, sizeof(replacement) - 1);
		*o += sizeof(replacement) - 1;
		if (n < 0)
			break;
		in++;
		inleft--;
	}
	return 0;
}

/* Another charset through iconv; a bad or cut byte becomes U+FFFD and the rest is kept. */
static int convert(iconv_t cd, char **dst, size_t *alloc, char **o, char *in, size_t inleft)
{
	while (inleft > 0) {
		size_t outleft = *alloc - (size_t)(*o - *dst) - 1;
		size_t r = iconv(cd, &in, &inleft, o, &outleft);
		int e = errno; /* out_reserve() may call realloc(), which sets errno */

		if (r != (size_t)-1)
			break;
		if (e == E2BIG) {
			if (out_reserve(dst, alloc, o, 64))
				return -1;
			continue;
		}
		/* EILSEQ: skip the bad byte; EINVAL: the input ends mid-character. */
		if ((e != EILSEQ && e != EINVAL) || out_reserve(dst, alloc, o, sizeof(replacement) - 1))
			return -1;
		memcpy(*o, replacement, sizeof(replacement) - 1);
		*o += sizeof(replacement) - 1;
		if (e == EINVAL) {
			inleft = 0;
		} else {
			in++;
			inleft--;
		}
		/* Restart the shift state after garbage in stateful encodings. */
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* The closing shift sequence of a stateful encoding. */
	for (;;) {
		size_t outleft = *alloc - (size_t)(*o - *dst) - 1;

		if (iconv(cd, NULL, NULL, o, &outleft) != (size_t)-1)
			return 0;
		if (errno != E2BIG || out_reserve(dst, alloc, o, 64))
			return -1;
	}
}

int charset_to_utf8(char **out, size_t *out_len, const char *buf, size_t len,
                    const char *charset)
{
	iconv_t cd = (iconv_t)-1;
	char *dst = NULL, *o;
	size_t alloc, used;
	int rc = -1;

	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!buf)
		len = 0;
	if (!charset || len > SIZE_MAX / 2 - 64)
		goto out;
	if (!is_utf8(charset)) {
		cd = iconv_open("UTF-8", charset);
		if (cd == (iconv_t)-1)
			goto out;
	}
	/* Cyrillic doubles in UTF-8; the loops grow the buffer if needed. */
	alloc = len + len / 2 + 64;
	dst = malloc(alloc);
	if (!dst)
		goto out;
	o = dst;
	/* iconv's prototype wants char **; it does not write the input. */
	if (cd == (iconv_t)-1 ? copy_utf8(&dst, &alloc, &o, buf, len)
	                      : convert(cd, &dst, &alloc, &o, (char *)buf, len))
		goto out;
	used = (size_t)(o - dst);
	if (text_has_utf8_bom(dst, used)) {
		memmove(dst, dst + TEXT_UTF8_BOM_LEN, used - TEXT_UTF8_BOM_LEN);
		used -= TEXT_UTF8_BOM_LEN;
	}
	dst[used] = '\0';
	*out = dst;
	dst = NULL;
	if (out_len)
		*out_len = used;
	rc = 0;
out:
	free(dst);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return rc;
}
