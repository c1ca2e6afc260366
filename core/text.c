#include "core/text.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

bool text_has_utf8_bom(const char *buf, size_t len)
{
	return len >= TEXT_UTF8_BOM_LEN && memcmp(buf, "\xEF\xBB\xBF", TEXT_UTF8_BOM_LEN) == 0;
}

/* Length of the valid UTF-8 sequence at s (of at most left bytes): 1-4, 0 when invalid, -1 when cut short. */
static int utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (size_t k = 1; k <= n; k++) {
		if (k >= left)
			return -1;
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return (int)n + 1;
}

void text_utf8_tally(const char *buf, size_t len, struct utf8_tally *t)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;

	t->multibyte = t->invalid = 0;
	t->cut_at_end = false;
	while (i < len) {
		int n = utf8_seq(s + i, len - i);

		if (n < 0) {
			t->cut_at_end = true;
			break;
		}
		if (n == 0) {
			t->invalid++;
			i++;
			continue;
		}
		t->multibyte += n > 1;
		i += (size_t)n;
	}
}

int text_utf8_seq_len(const char *s, size_t left)
{
	return left ? utf8_seq((const unsigned char *)s, left) : 0;
}

/* ASCII and two-byte sequences are read here; longer ones through text_utf8_seq_len(). */
size_t text_utf8_valid_prefix(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = u[i];
		int n;

		if (c < 0x80) {
			uint64_t w;

			/* markup is mostly ASCII: eight bytes at a time while it lasts */
			while (i + 8 <= len) {
				memcpy(&w, u + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			while (i < len && u[i] < 0x80)
				i++;
		} else if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
			i += 2;
		} else {
			n = text_utf8_seq_len(s + i, len - i);
			if (n <= 0)
				break;
			i += (size_t)n;
		}
	}
	return i;
}

bool text_utf8_valid(const char *buf, size_t len)
{
	return text_utf8_valid_prefix(buf, len) == len;
}

/* The end of d[start, end) without a character the cap cut short at its end. */
static size_t whole_chars_end(const char *d, size_t start, size_t end)
{
	size_t j = end;

	while (j > start && end - j < 3 && ((unsigned char)d[j - 1] & 0xC0) == 0x80)
		j--;
	if (j > start && (unsigned char)d[j - 1] >= 0xC0 && text_utf8_seq_len(d + j - 1, end - j + 1) < 0)
		return j - 1;
	return end;
}

/* text_append_squeezed() a byte at a time, for when the room cannot be had at once. */
static void append_squeezed_bytewise(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, start = out->len;
	bool space = out->len == 0 || out->data[out->len - 1] == ' ';

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		          c == '\0';
		size_t step = 1;

		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
			ws = true;
			step = 2;
		}
		if (ws) {
			if (!space && buf_addc(out, ' '))
				return;
			space = true;
		} else {
			if (buf_addc(out, (char)c))
				return;
			space = false;
		}
		i += step;
	}
	if (out->data) {
		out->len = whole_chars_end(out->data, start, out->len);
		out->data[out->len] = '\0';
	}
}

/* Bytes text_append_squeezed() reads as blank (1), or as the start of U+00A0 (2). */
static const unsigned char squeeze_class[256] = {
	['\0'] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
	[0xC2] = 2,
};

void text_append_squeezed(struct buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t room = out->cap - out->len, o, i = 0;
	bool space = out->len == 0 || out->data[out->len - 1] == ' ';
	char *d;

	if (len == 0 || room == 0)
		return;
	/* The text never grows: min(len, room) bytes are all it can add. */
	if (buf_reserve(out, len < room ? len : room)) {
		append_squeezed_bytewise(out, s, len);
		return;
	}
	d = out->data;
	o = out->len;
	while (i < len) {
		unsigned char k = squeeze_class[u[i]];
		/* A NUL inside a field would cut the C string short: it is blank too. */
		bool ws = k == 1 || (k == 2 && i + 1 < len && u[i + 1] == 0xA0);

		if (!ws) {
			/* a run of text, copied as far as the cap lets it */
			size_t end = i + 1;

			while (end < len && !squeeze_class[u[end]])
				end++;
			if (end - i > out->cap - o) {
				memcpy(d + o, s + i, out->cap - o);
				o = out->cap;
				break;
			}
			memcpy(d + o, s + i, end - i);
			o += end - i;
			i = end;
			space = false;
			continue;
		}
		i += k;
		if (space)
			continue;
		if (o >= out->cap)
			break;              /* at the cap: stop quietly */
		d[o++] = ' ';
		space = true;
	}
	out->len = whole_chars_end(d, out->len, o);
	d[out->len] = '\0';
}

void text_trim_end(struct buf *out)
{
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
}

void text_lower_copy(char *out, size_t cap, const char *s, size_t n)
{
	size_t o = 0;

	if (!cap)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned char c2 = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		bool upper = c == 0xD0 && c2 >= 0x90 && c2 <= 0xAF;    /* А..Я */

		if (o + (upper ? 2 : 1) >= cap)
			break;
		if (upper && c2 <= 0x9F) {              /* А..П -> а..п */
			out[o++] = (char)0xD0;
			out[o++] = (char)(c2 + 0x20);
			i++;
		} else if (upper) {                     /* Р..Я -> р..я */
			out[o++] = (char)0xD1;
			out[o++] = (char)(c2 - 0x20);
			i++;
		} else {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
	}
	out[o] = '\0';
}

bool text_istarts(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

int text_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
