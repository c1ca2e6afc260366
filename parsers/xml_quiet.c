/*
 * xml_quiet.c - libxml2's error output silenced during a parse (xml_quiet.h).
 */
#include "parsers/xml_quiet.h"

static void quiet(void *arg, xmlErrorPtr err)
{
	(void)arg;
	(void)err;
}

static void quiet_generic(void *arg, const char *msg, ...)
{
	(void)arg;
	(void)msg;
}

void xml_quiet_begin(struct xml_quiet *q)
{
	q->generic = xmlGenericError;
	q->generic_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet_generic);
}

void xml_quiet_end(const struct xml_quiet *q)
{
	xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
}

void xml_quiet_reader(xmlTextReaderPtr r)
{
	xmlTextReaderSetStructuredErrorHandler(r, quiet, NULL);
}
