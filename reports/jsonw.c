#include "reports/jsonw.h"

#include <string.h>

#include "core/text.h"
#include "reports/report_util.h"

/* Short escapes RFC 8259 defines; other control characters use \u00XX. */
static const char *const short_escapes[0x20] = {
	['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
};

/* Length of the UTF-8 sequence a lead byte announces, 0 for a byte that cannot lead. */
static size_t utf8_seq_len(unsigned char c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

void jsonw_write_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i = 0;

	if (!s) {
		fputs("null", f);
		return;
	}
	len = strlen(s);
	putc('"', f);
	while (i < len) {
		unsigned char c = p[i];
		size_t n;

		if (c == '"' || c == '\\') {
			putc('\\', f);
			putc(c, f);
			i++;
		} else if (c < 0x20) {
			if (short_escapes[c])
				fputs(short_escapes[c], f);
			else
				fprintf(f, "\\u%04x", (unsigned)c);
			i++;
		} else if (c < 0x80) {
			putc(c, f);
			i++;
		} else {
			n = utf8_seq_len(c);
			if (n && n <= len - i && text_utf8_valid(s + i, n)) {
				fwrite(s + i, 1, n, f);
				i += n;
			} else {
				/* One U+FFFD per bad byte keeps the rest of the string readable. */
				fputs("\xEF\xBF\xBD", f);
				i++;
			}
		}
	}
	putc('"', f);
}

void jsonw_init(struct jsonw *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

static void indent(struct jsonw *w, unsigned depth)
{
	unsigned i;

	for (i = 0; i < depth; i++)
		fputs("  ", w->f);
}

/* Separator and indent before a value or key, unless it follows its key. */
static void before_item(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->has_items[w->depth])
		putc(',', w->f);
	putc('\n', w->f);
	indent(w, w->depth);
	w->has_items[w->depth] = true;
}

static void open_container(struct jsonw *w, char c)
{
	before_item(w);
	putc(c, w->f);
	if (w->depth >= JSONW_MAX_DEPTH) {
		w->overflow = true;
		return;
	}
	w->depth++;
	w->has_items[w->depth] = false;
}

static void close_container(struct jsonw *w, char c)
{
	if (w->depth == 0) {
		w->overflow = true;
		return;
	}
	if (w->has_items[w->depth]) {
		putc('\n', w->f);
		indent(w, w->depth - 1);
	}
	w->depth--;
	putc(c, w->f);
}

void jsonw_begin_object(struct jsonw *w)
{
	open_container(w, '{');
}

void jsonw_end_object(struct jsonw *w)
{
	close_container(w, '}');
}

void jsonw_begin_array(struct jsonw *w)
{
	open_container(w, '[');
}

void jsonw_end_array(struct jsonw *w)
{
	close_container(w, ']');
}

void jsonw_key(struct jsonw *w, const char *key)
{
	before_item(w);
	jsonw_write_string(w->f, key ? key : "");
	fputs(": ", w->f);
	w->after_key = true;
}

void jsonw_string(struct jsonw *w, const char *s)
{
	before_item(w);
	jsonw_write_string(w->f, s);
}

void jsonw_null(struct jsonw *w)
{
	before_item(w);
	fputs("null", w->f);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	before_item(w);
	fputs(v ? "true" : "false", w->f);
}

void jsonw_size(struct jsonw *w, size_t v)
{
	before_item(w);
	fprintf(w->f, "%zu", v);
}

void jsonw_long(struct jsonw *w, long v)
{
	before_item(w);
	fprintf(w->f, "%ld", v);
}

void jsonw_share(struct jsonw *w, double percent)
{
	char tmp[32];

	report_fmt_share(tmp, sizeof(tmp), percent, '.');
	before_item(w);
	fputs(tmp, w->f);
}

void jsonw_fail(struct jsonw *w)
{
	w->failed = true;
}

int jsonw_finish(struct jsonw *w)
{
	putc('\n', w->f);
	if (w->depth != 0 || w->overflow || w->after_key || w->failed)
		return -1;
	/* Flushed here so that a full disk fails the writer, not a later fclose. */
	return fflush(w->f) != 0 || ferror(w->f) ? -1 : 0;
}
