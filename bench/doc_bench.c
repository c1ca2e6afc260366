/*
 * doc_bench.c - CPU and memory per document: mentor-audit's extractor
 * (doc_extract() of parsers/doc.h, with an OCR context made as the reader
 * process makes it) against poppler-glib's own text extraction, in process.
 *
 *   doc_bench [--iterations N] [--ocr-iterations M] CLASS:FILE ...
 *   doc_bench --memory CLASS:FILE
 *
 * Timing (the first form). What src/sandbox.c's reader does before its first
 * document is done once and timed: doc_global_init(), then ocr_new(NULL,
 * NULL), which loads Tesseract's "rus+eng" from its default data path. One
 * untimed round reads every file (the libraries warm; what each file gives is
 * recorded). Then, round by round so that drift hits every file alike, each
 * file is read N times, or M times when its first read OCR'd a page, and for
 * each read the CPU of the whole process (CLOCK_PROCESS_CPUTIME_ID: every
 * thread, Tesseract's OpenMP threads too) and the wall time (CLOCK_MONOTONIC)
 * of doc_extract() + doc_text_free() are summed. For a PDF the same round also
 * times poppler-glib alone: poppler_document_new_from_bytes() and
 * poppler_page_get_text() of the first CAP_DOC_PAGES pages, nothing else (no
 * image test, no rendering, no OCR): the floor under the PDF extractor.
 * The environment is left as it is (OMP_THREAD_LIMIT among it), as the tool
 * leaves it for its reader.
 *
 * Memory (--memory, one file, a fresh process each): after the set-up above,
 * the peak RSS (VmHWM) is reset (/proc/self/clear_refs, "5") and the file read
 * twice; for each read the growth of the peak over the RSS just before it.
 *
 * Prints one JSON object a line: "init" (the set-up), then one "doc" per file.
 */
#include <poppler.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/caps.h"
#include "core/file.h"
#include "parsers/doc.h"
#include "parsers/ocr.h"

#define FILES_MAX 512

struct doc_in {
	const char *cls;
	const char *path;
	char *body;
	size_t len;
	bool pdf;
	bool ocr;               /* the first read OCR'd a page */
	long iterations;
	double cpu_ns, wall_ns, poppler_cpu_ns, poppler_wall_ns;
};

static volatile size_t sink;

static double clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* kB of a /proc/self/status line ("VmRSS", "VmHWM"); -1 when not there. */
static long status_kb(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			kb = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

/* The peak RSS set back to the RSS now. 0, or -1 when the kernel refuses. */
static int reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int rc;

	if (!f)
		return -1;
	rc = fputs("5", f) < 0 ? -1 : 0;
	if (fclose(f))
		rc = -1;
	return rc;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned)(unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* What a read gave, as JSON members (no braces). */
static void print_result(const struct doc_text *t)
{
	unsigned ocr = 0, text = 0;

	for (size_t i = 0; i < t->npages_read; i++) {
		ocr += t->pages[i].how == DOC_READ_OCR;
		text += t->pages[i].how == DOC_READ_TEXT;
	}
	printf("\"type\":\"%s\",\"failure\":\"%s\",\"cuts\":%u,\"npages\":%u,\"pages_read\":%zu,"
	       "\"text_pages\":%u,\"ocr_pages\":%u,\"text_bytes\":%zu,\"ocr_ms\":%u",
	       doc_type_name(t->type), doc_failure_name(t->failure), t->cuts, t->npages,
	       t->npages_read, text, ocr, t->len, t->ocr_ms);
}

static int extract(const struct doc_in *d, const struct doc_options *opt, struct doc_text **keep)
{
	struct doc_text *t = NULL;

	if (doc_extract(&t, d->body, d->len, opt))
		return -1;
	sink += t->len;
	if (keep)
		*keep = t;
	else
		doc_text_free(t);
	return 0;
}

/* poppler-glib alone: open, the text of the first CAP_DOC_PAGES pages. */
static void poppler_alone(const struct doc_in *d)
{
	GBytes *bytes = g_bytes_new_static(d->body, d->len);
	PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, NULL);

	if (pd) {
		int n = poppler_document_get_n_pages(pd);

		for (int i = 0; i < n && i < (int)CAP_DOC_PAGES; i++) {
			PopplerPage *page = poppler_document_get_page(pd, i);
			char *text;

			if (!page)
				continue;
			text = poppler_page_get_text(page);
			sink += text ? strlen(text) : 0;
			g_free(text);
			g_object_unref(page);
		}
		g_object_unref(pd);
	}
	g_bytes_unref(bytes);
}

static int load(struct doc_in *d, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char err[512];
	static char cls[FILES_MAX][32];
	static size_t ncls;

	if (!colon || colon == arg || (size_t)(colon - arg) >= sizeof(cls[0]) || ncls >= FILES_MAX) {
		fprintf(stderr, "doc_bench: %s: not CLASS:FILE\n", arg);
		return -1;
	}
	memcpy(cls[ncls], arg, (size_t)(colon - arg));
	cls[ncls][colon - arg] = '\0';
	d->cls = cls[ncls++];
	d->path = colon + 1;
	if (file_read_all(&d->body, &d->len, d->path, CAP_DOC_BODY_BYTES, err, sizeof(err))) {
		fprintf(stderr, "doc_bench: %s\n", err);
		return -1;
	}
	d->pdf = doc_sniff(d->body, d->len) == DOC_TYPE_PDF;
	return 0;
}

/* The set-up of a reader process, timed; prints the "init" line. NULL ocr: Tesseract would not load. */
static struct ocr *set_up(void)
{
	struct ocr *ocr = NULL;
	char err[512] = "";
	double c0, w0, c1, w1, c2, w2;
	long rss0 = status_kb("VmRSS"), rss1, rss2;

	c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	w0 = clock_ns(CLOCK_MONOTONIC);
	doc_global_init();
	c1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	w1 = clock_ns(CLOCK_MONOTONIC);
	rss1 = status_kb("VmRSS");
	if (ocr_new(&ocr, NULL, NULL, err, sizeof(err)))
		fprintf(stderr, "doc_bench: no OCR: %s\n", err);
	c2 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	w2 = clock_ns(CLOCK_MONOTONIC);
	rss2 = status_kb("VmRSS");
	printf("{\"kind\":\"init\",\"rss_start_kb\":%ld,\"global_init_cpu_ns\":%.0f,\"global_init_wall_ns\":%.0f,"
	       "\"rss_after_global_init_kb\":%ld,\"ocr\":%s,\"ocr_new_cpu_ns\":%.0f,\"ocr_new_wall_ns\":%.0f,"
	       "\"rss_after_ocr_new_kb\":%ld,\"omp_thread_limit\":",
	       rss0, c1 - c0, w1 - w0, rss1, ocr ? "true" : "false", c2 - c1, w2 - w1, rss2);
	if (getenv("OMP_THREAD_LIMIT"))
		json_str(getenv("OMP_THREAD_LIMIT"));
	else
		printf("null");
	printf("}\n");
	return ocr;
}

static int memory(const char *arg)
{
	struct doc_in d = { 0 };
	struct doc_options opt = { 0 };
	struct doc_text *t = NULL;
	long before[2], peak[2];
	int rc = 1;

	if (load(&d, arg))
		return 1;
	opt.ocr = set_up();
	for (int k = 0; k < 2; k++) {
		if (reset_peak()) {
			fprintf(stderr, "doc_bench: /proc/self/clear_refs: cannot reset the peak RSS\n");
			goto out;
		}
		before[k] = status_kb("VmRSS");
		if (extract(&d, &opt, k == 0 ? &t : NULL))
			goto out;
		peak[k] = status_kb("VmHWM");
	}
	printf("{\"kind\":\"memory\",\"class\":");
	json_str(d.cls);
	printf(",\"file\":");
	json_str(d.path);
	printf(",\"bytes\":%zu,", d.len);
	print_result(t);
	printf(",\"rss_before_kb\":%ld,\"peak_kb\":%ld,\"growth_kb\":%ld,"
	       "\"rss_before_again_kb\":%ld,\"peak_again_kb\":%ld,\"growth_again_kb\":%ld}\n",
	       before[0], peak[0], peak[0] - before[0], before[1], peak[1], peak[1] - before[1]);
	rc = 0;
out:
	doc_text_free(t);
	ocr_free(opt.ocr);
	free(d.body);
	return rc;
}

static void usage(void)
{
	fprintf(stderr, "usage: doc_bench [--iterations N] [--ocr-iterations M] CLASS:FILE ...\n"
	                "       doc_bench --memory CLASS:FILE\n");
}

int main(int argc, char **argv)
{
	static struct doc_in docs[FILES_MAX];
	struct doc_options opt = { 0 };
	long iterations = 100, ocr_iterations = 3, most = 0;
	size_t n = 0;
	int ai = 1, rc = 1;

	if (argc == 3 && strcmp(argv[1], "--memory") == 0)
		return memory(argv[2]);
	for (; ai + 1 < argc && strncmp(argv[ai], "--", 2) == 0; ai += 2) {
		if (strcmp(argv[ai], "--iterations") == 0) {
			iterations = strtol(argv[ai + 1], NULL, 10);
		} else if (strcmp(argv[ai], "--ocr-iterations") == 0) {
			ocr_iterations = strtol(argv[ai + 1], NULL, 10);
		} else {
			usage();
			return 2;
		}
	}
	if (iterations < 1 || ocr_iterations < 1 || ai >= argc || argc - ai > FILES_MAX) {
		usage();
		return 2;
	}
	for (; ai < argc; ai++)
		if (load(&docs[n++], argv[ai]))
			goto out;
	opt.ocr = set_up();
	/* The untimed round: what each file gives. */
	for (size_t i = 0; i < n; i++) {
		struct doc_text *t = NULL;

		if (extract(&docs[i], &opt, &t)) {
			fprintf(stderr, "doc_bench: out of memory\n");
			goto out;
		}
		for (size_t p = 0; p < t->npages_read; p++)
			docs[i].ocr = docs[i].ocr || t->pages[p].how == DOC_READ_OCR;
		docs[i].iterations = docs[i].ocr ? ocr_iterations : iterations;
		if (docs[i].iterations > most)
			most = docs[i].iterations;
		printf("{\"kind\":\"first\",\"class\":");
		json_str(docs[i].cls);
		printf(",\"file\":");
		json_str(docs[i].path);
		printf(",\"bytes\":%zu,", docs[i].len);
		print_result(t);
		printf("}\n");
		doc_text_free(t);
		if (docs[i].pdf)
			poppler_alone(&docs[i]);
	}
	fflush(stdout);
	for (long it = 0; it < most; it++)
		for (size_t i = 0; i < n; i++) {
			struct doc_in *d = &docs[i];
			double c0, w0, c1, w1;

			if (it >= d->iterations)
				continue;
			c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
			w0 = clock_ns(CLOCK_MONOTONIC);
			if (extract(d, &opt, NULL))
				goto out;
			c1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
			w1 = clock_ns(CLOCK_MONOTONIC);
			d->cpu_ns += c1 - c0;
			d->wall_ns += w1 - w0;
			if (!d->pdf)
				continue;
			poppler_alone(d);
			d->poppler_cpu_ns += clock_ns(CLOCK_PROCESS_CPUTIME_ID) - c1;
			d->poppler_wall_ns += clock_ns(CLOCK_MONOTONIC) - w1;
		}
	for (size_t i = 0; i < n; i++) {
		const struct doc_in *d = &docs[i];
		double k = (double)d->iterations;

		printf("{\"kind\":\"doc\",\"class\":");
		json_str(d->cls);
		printf(",\"file\":");
		json_str(d->path);
		printf(",\"bytes\":%zu,\"ocr\":%s,\"iterations\":%ld,\"cpu_ns\":%.0f,\"wall_ns\":%.0f",
		       d->len, d->ocr ? "true" : "false", d->iterations, d->cpu_ns / k, d->wall_ns / k);
		if (d->pdf)
			printf(",\"poppler_cpu_ns\":%.0f,\"poppler_wall_ns\":%.0f",
			       d->poppler_cpu_ns / k, d->poppler_wall_ns / k);
		printf("}\n");
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(docs[i].body);
	ocr_free(opt.ocr);
	return rc;
}
