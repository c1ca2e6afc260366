#include "core/text.h"

#include <string.h>
#include <strings.h>

bool text_utf8_valid(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return false;
		i += n + 1;
	}
	return true;
}

void text_append_squeezed(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;
	bool space = out->len == 0 || out->data[out->len - 1] == ' ';

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
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
