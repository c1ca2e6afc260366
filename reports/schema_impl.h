/*
 * schema_impl.h - what the schema's files share. Private to reports/schema*.c.
 */
#ifndef MA_SCHEMA_IMPL_H
#define MA_SCHEMA_IMPL_H

#include "reports/schema.h"

struct evidence_ref;
struct org_result;
struct report_input;

#define SCHEMA_TABLE(a) { a, sizeof(a) / sizeof((a)[0]) }

/* The tables of what an organisation holds (schema_item.c). */
extern const struct schema_table schema_doc_table;       /* struct doc_result */
extern const struct schema_table schema_finding_table;   /* struct finding */
extern const struct schema_table schema_rejected_table;  /* struct rejected */
extern const struct schema_table schema_evidence_table;  /* struct evidence */

/* Organisation o, registry row i, as one item of "organizations". */
void schema_org_json(struct jsonw *w, const struct report_input *in, size_t i,
                     const struct org_result *o);

/* An archived answer: {"record_id", "offset"}, or null when not archived. */
void schema_write_record(struct jsonw *w, const struct evidence_ref *ref);
void schema_read_record(struct evidence_ref *ref, const json_t *v);

#endif
