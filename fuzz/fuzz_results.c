/*
 * fuzz_results.c - results.json read back on arbitrary bytes: the snapshot
 * `diff` and --previous compare (parsers/json_stream.c, reports/snapshot.c)
 * and every organisation restored as --resume and merge restore it
 * (reports/schema*.c).
 *
 * Besides memory errors and leaks it checks what the headers promise: a
 * failure says why, a snapshot finds each of its organisations by id, its
 * document keys stay under the cap, a refused organisation says why.
 */
#include "fuzz/fuzz.h"

#include <jansson.h>

#include "reports/schema.h"
#include "reports/snapshot.h"
#include "rules/builtin.h"
#include "rules/rules.h"
#include "rules/verdict.h"

static void check_snapshot(const uint8_t *data, size_t size)
{
	struct results_snapshot *s = NULL;
	char err[256] = "";

	if (results_parse(&s, (const char *)data, size, err, sizeof(err))) {
		FUZZ_CHECK(s == NULL && err[0] != '\0');
		return;
	}
	FUZZ_CHECK(s->ndocs <= CAP_RULE_DOCS && s->as_of && s->generated_at);
	for (size_t i = 0; i < s->norgs; i++) {
		const struct results_org *o = results_find(s, s->orgs[i].id);

		FUZZ_CHECK(o != NULL && strcmp(o->id, s->orgs[i].id) == 0 && o->status != NULL);
	}
	results_free(s);
}

static void check_restore(const struct ruleset *rs, const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *root = json_loadb((const char *)data, size, 0, &jerr);
	const json_t *orgs = json_object_get(root, schema_key_organizations());
	char err[256];

	for (size_t i = 0; i < json_array_size(orgs); i++) {
		struct org_result o;

		err[0] = '\0';
		verdict_org_init(&o, NULL);
		if (schema_read_org(&o, json_array_get(orgs, i), rs, err, sizeof(err)))
			FUZZ_CHECK(err[0] != '\0');
		verdict_org_clear(&o);
	}
	json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ruleset *rs;    /* loaded once, kept for the process */
	char err[256];

	if (!rs && rules_load_or_builtin(&rs, NULL, err, sizeof(err)))
		abort();
	check_snapshot(data, size);
	check_restore(rs, data, size);
	return 0;
}
