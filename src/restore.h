/*
 * restore.h - an organisation's verdict back from its results.json object,
 * exactly as the audit left it: writing it again gives the same JSON. The
 * journal of an interrupted run (`--resume`) and merging shards rest on it.
 */
#ifndef MA_RESTORE_H
#define MA_RESTORE_H

#include <jansson.h>
#include <stddef.h>

struct org_result;
struct ruleset;

/*
 * Fill o (initialised with verdict_org_init for its registry row) from obj,
 * one element of results.json's "organizations". Documents are matched to
 * rs by id. 0, or -1 with one line in err.
 */
int restore_org(struct org_result *o, const json_t *obj, const struct ruleset *rs,
                char *err, size_t errlen);

#endif
