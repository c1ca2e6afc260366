/*
 * restore.c - results.json objects back into org_result.
 *
 * The inverse of reports/json.c's write_org: every field it writes from
 * the verdict is read back; the ones it derives (missing, extra, line)
 * come from the rules and the registry row again.
 */
#include "src/restore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* A copy of a string member; NULL for null or absent. -1 when out of memory. */
static int take_str(char **out, const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	*out = NULL;
	if (!s)
		return 0;
	*out = strdup(s);
	return *out ? 0 : -1;
}

static long take_long(const json_t *obj, const char *key)
{
	return (long)json_integer_value(json_object_get(obj, key));
}

static void take_record(struct evidence_ref *ref, const json_t *obj)
{
	const char *id = json_string_value(json_object_get(obj, "record_id"));

	ref->record_id[0] = '\0';
	ref->offset = -1;
	if (!id)
		return;
	snprintf(ref->record_id, sizeof(ref->record_id), "%s", id);
	ref->offset = (long long)json_integer_value(json_object_get(obj, "offset"));
}

static int take_doc(struct doc_result *d, const json_t *obj)
{
	const json_t *warc = json_object_get(obj, "warc");

	d->found = json_is_true(json_object_get(obj, "found"));
	d->http_status = take_long(obj, "http_status");
	d->freshness = rules_freshness_static(json_string_value(json_object_get(obj, "freshness")));
	take_record(&d->page_record, json_object_get(warc, "page"));
	take_record(&d->link_record, json_object_get(warc, "link"));
	if (take_str(&d->url, obj, "url") || take_str(&d->title, obj, "title") ||
	    take_str(&d->page, obj, "page") || take_str(&d->source, obj, "source") ||
	    take_str(&d->content_type, obj, "content_type") || take_str(&d->pattern, obj, "pattern") ||
	    take_str(&d->broken_url, obj, "broken_url"))
		return -1;
	d->broken = d->broken_url != NULL;
	return 0;
}

/* The writers' "(+N more … not kept)" line back into its count. */
static bool more_line(const json_t *item, const char *what, size_t *count)
{
	const char *s = json_string_value(item);
	char tail[64];
	size_t n;

	if (!s || sscanf(s, "(+%zu more %63[a-z ])", &n, tail) != 2 || strcmp(tail, what) != 0)
		return false;
	*count = n;
	return true;
}

/* Schema 1's problems, text only: each a finding of kind text. */
static int take_problem_texts(struct org_result *o, const json_t *arr)
{
	size_t i;
	const json_t *item;

	json_array_foreach(arr, i, item) {
		struct finding f = { .kind = FIND_TEXT, .doc = -1 };
		size_t more;

		if (i + 1 == json_array_size(arr) && more_line(item, "problems not kept", &more)) {
			o->findings_dropped = more;
			break;
		}
		f.detail = (char *)json_string_value(item);
		if (f.detail && verdict_add_finding(o, &f))
			return -1;
	}
	return 0;
}

static int take_finding(struct org_result *o, const json_t *item, const struct ruleset *rs)
{
	struct finding f = { .doc = -1 };
	const char *kind = json_string_value(json_object_get(item, "kind"));
	const char *doc = json_string_value(json_object_get(item, "document"));
	const char *cause = json_string_value(json_object_get(item, "cause"));

	if (!kind || finding_kind_parse(&f.kind, kind))
		f.kind = FIND_TEXT;
	f.doc = doc ? rules_doc_index(rs, doc) : -1;
	f.url = (char *)json_string_value(json_object_get(item, "url"));
	f.detail = (char *)json_string_value(json_object_get(item, "detail"));
	if (cause && verdict_cause_parse(&f.failure.cause, cause))
		f.failure.cause = UNCHECKED_NONE;
	f.failure.code = take_long(item, "http_status");
	f.failure.transfer_error = json_is_true(json_object_get(item, "transfer_error"));
	f.failure.redirect_refused = json_is_true(json_object_get(item, "redirect_refused"));
	f.cap = (unsigned)take_long(item, "cap");
	f.count = (size_t)take_long(item, "count");
	return verdict_add_finding(o, &f);
}

/* Schema 2's findings as data; schema 1's problems as text. */
static int take_findings(struct org_result *o, const json_t *obj, const struct ruleset *rs)
{
	const json_t *arr = json_object_get(obj, "findings");
	size_t i;
	const json_t *item;

	if (!json_is_array(arr))
		return take_problem_texts(o, json_object_get(obj, "problems"));
	json_array_foreach(arr, i, item)
		if (take_finding(o, item, rs))
			return -1;
	o->findings_dropped = (size_t)take_long(obj, "findings_dropped");
	return 0;
}

static int take_rejected(struct org_result *o, const json_t *arr, const struct ruleset *rs,
                         char *err, size_t errlen)
{
	size_t i;
	const json_t *item;

	json_array_foreach(arr, i, item) {
		const char *like = json_string_value(json_object_get(item, "looked_like"));
		const char *reason = json_string_value(json_object_get(item, "reason"));
		enum reject_reason why;
		size_t more;

		if (more_line(item, "rejected candidates not kept", &more)) {
			o->rejected_dropped = more;
			continue;
		}
		if (!reason || verdict_reject_parse(&why, reason)) {
			snprintf(err, errlen, "rejected[%zu]: unknown reason", i);
			return -1;
		}
		if (verdict_add_rejected(o, json_string_value(json_object_get(item, "url")),
		                         json_string_value(json_object_get(item, "text")),
		                         json_string_value(json_object_get(item, "page")),
		                         like ? rules_doc_index(rs, like) : -1, why,
		                         json_string_value(json_object_get(item, "detail"))))
			goto out;
	}
	return 0;
out:
	snprintf(err, errlen, "out of memory");
	return -1;
}

static int take_evidence(struct org_result *o, const json_t *arr)
{
	size_t i;
	const json_t *item;

	json_array_foreach(arr, i, item) {
		struct evidence_ref ref;

		take_record(&ref, json_object_get(item, "warc"));
		if (verdict_add_evidence(o, json_string_value(json_object_get(item, "url")),
		                         take_long(item, "http_status"), &ref))
			return -1;
	}
	return 0;
}

int restore_org(struct org_result *o, const json_t *obj, const struct ruleset *rs,
                char *err, size_t errlen)
{
	const char *status = json_string_value(json_object_get(obj, "status"));
	const json_t *docs = json_object_get(obj, "documents");
	const char *key, *cause;
	json_t *val;

	if (!json_is_object(obj) || !status || verdict_status_parse(&o->status, status)) {
		snprintf(err, errlen, "an organisation without a known status");
		return -1;
	}
	o->section_reached = json_is_true(json_object_get(obj, "section_reached"));
	/* Schema 2; a result of schema 1 has none (its unchecked documents follow from the status). */
	cause = json_string_value(json_object_get(obj, "unchecked_reason"));
	if (cause && verdict_cause_parse(&o->cause, cause)) {
		snprintf(err, errlen, "unknown unchecked_reason '%s'", cause);
		return -1;
	}
	json_object_foreach((json_t *)docs, key, val) {
		int d = rules_doc_index(rs, key);

		if (d < 0 || d >= (int)CAP_RULE_DOCS) {
			snprintf(err, errlen, "document '%s' is not in the rule file", key);
			return -1;
		}
		if (take_doc(&o->docs[d], val))
			goto out;
	}
	o->pages_fetched = (size_t)take_long(obj, "pages_fetched");
	o->links_checked = (size_t)take_long(obj, "links_checked");
	if (take_str(&o->section_url, obj, "section_url") || take_str(&o->reason, obj, "reason") ||
	    take_findings(o, obj, rs) ||
	    take_evidence(o, json_object_get(obj, "evidence")))
		goto out;
	if (take_rejected(o, json_object_get(obj, "rejected"), rs, err, errlen))
		return -1;
	/* Schema 2 counts it as a number; schema 1 only in the list's last line (read above). */
	if (json_is_integer(json_object_get(obj, "rejected_dropped")))
		o->rejected_dropped = (size_t)take_long(obj, "rejected_dropped");
	return 0;
out:
	snprintf(err, errlen, "out of memory");
	return -1;
}
