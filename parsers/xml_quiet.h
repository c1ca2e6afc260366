/*
 * xml_quiet.h - libxml2 kept from printing a hostile file's errors on
 * stderr while a parser reads it (sitemap.c, registry_xlsx.c): an error is
 * the reader's to see (xmlTextReaderRead() fails), not the user's terminal.
 */
#ifndef MA_XML_QUIET_H
#define MA_XML_QUIET_H

#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

/* This thread's generic error handler (libxml2 keeps one per thread), to give back. */
struct xml_quiet {
	xmlGenericErrorFunc generic;
	void *generic_ctx;
};

/* From here on this thread's generic handler (a bad encoding is reported there) says nothing. */
void xml_quiet_begin(struct xml_quiet *q);
/* The handler as it was before xml_quiet_begin(). */
void xml_quiet_end(const struct xml_quiet *q);
/* The reader's own errors said to nobody. */
void xml_quiet_reader(xmlTextReaderPtr r);

#endif
