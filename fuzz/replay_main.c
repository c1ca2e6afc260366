/*
 * replay_main.c - feed files to a fuzz target's LLVMFuzzerTestOneInput()
 * once each, for compilers and machines without libFuzzer. Built with the
 * normal compiler and -fsanitize=address,undefined it makes the committed
 * corpora a regression test (fuzz/regress.sh, make fuzz-regress).
 *
 *   replay_TARGET FILE|DIR...     a directory means every file in it
 *
 * Each input is copied into a buffer of exactly its size, so reading one
 * byte past it is an AddressSanitizer error, as under libFuzzer. A crash
 * ends the run with the sanitizer's report and the input's name; exit
 * status 0 means every input ran.
 */
#include "fuzz/fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define HAVE_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_SANITIZER 1
#endif

#ifdef HAVE_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

/* The input being run, named when a sanitizer stops the process. */
static const char *current;

#ifdef HAVE_SANITIZER
static void name_input(void)
{
	if (current)
		fprintf(stderr, "replay: the input was %s\n", current);
}
#endif

static int run_file(const char *path, size_t *count)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	long size;
	int rc = -1;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	if (size < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "replay: %s: cannot size the file\n", path);
		goto out;
	}
	/* malloc(0) may return NULL; one byte keeps the pointer valid for size 0 */
	data = malloc(size ? (size_t)size : 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "replay: %s: cannot read the file\n", path);
		goto out;
	}
	current = path;
	LLVMFuzzerTestOneInput(data, (size_t)size);
	current = NULL;
	(*count)++;
	rc = 0;
out:
	free(data);
	fclose(f);
	return rc;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, in name order so runs are repeatable. */
static int run_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (e = readdir(d); e; e = readdir(d)) {
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *path;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		path = malloc(len);
		if (!path) {
			rc = -1;
			break;
		}
		snprintf(path, len, "%s/%s", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (n == alloc) {
			char **p = realloc(names, (alloc ? alloc * 2 : 64) * sizeof(*p));

			if (!p) {
				free(path);
				rc = -1;
				break;
			}
			names = p;
			alloc = alloc ? alloc * 2 : 64;
		}
		names[n++] = path;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && run_file(names[i], count))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int rc = 0;

#ifdef HAVE_SANITIZER
	__sanitizer_set_death_callback(name_input);
#endif
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc && rc == 0; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = run_dir(argv[i], &count);
		} else {
			rc = run_file(argv[i], &count);
		}
	}
	if (rc)
		return 1;
	printf("replay: %zu inputs ran\n", count);
	return 0;
}
