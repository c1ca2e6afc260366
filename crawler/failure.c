/*
 * failure.c - what a failed transfer means for the audit, from curl's
 * code: the only place that reads CURLcode values besides crawl.c.
 */
#include "crawler/crawl.h"

#include <curl/curl.h>

#include "core/caps.h"
#include "core/macros.h"

static const struct {
	CURLcode code;
	enum unchecked_cause cause;
} code_causes[] = {
	{ CURLE_COULDNT_RESOLVE_HOST, UNCHECKED_DNS },
	{ CURLE_COULDNT_RESOLVE_PROXY, UNCHECKED_DNS },
	{ CURLE_COULDNT_CONNECT, UNCHECKED_CONNECT },
	{ CURLE_OPERATION_TIMEDOUT, UNCHECKED_TIMEOUT },
	{ CURLE_SSL_CONNECT_ERROR, UNCHECKED_TLS },
	{ CURLE_PEER_FAILED_VERIFICATION, UNCHECKED_TLS },
	{ CURLE_SSL_CERTPROBLEM, UNCHECKED_TLS },
	{ CURLE_SSL_CIPHER, UNCHECKED_TLS },
	{ CURLE_SSL_CACERT_BADFILE, UNCHECKED_TLS },
	{ CURLE_SSL_ISSUER_ERROR, UNCHECKED_TLS },
	{ CURLE_SSL_PINNEDPUBKEYNOTMATCH, UNCHECKED_TLS },
	{ CURLE_SSL_INVALIDCERTSTATUS, UNCHECKED_TLS },
	{ CURLE_USE_SSL_FAILED, UNCHECKED_TLS },
};

enum unchecked_cause crawl_error_cause(int curl_code)
{
	if (curl_code == 0)
		return UNCHECKED_NONE;
	for (size_t i = 0; i < COUNT(code_causes); i++)
		if ((int)code_causes[i].code == curl_code)
			return code_causes[i].cause;
	return UNCHECKED_NETWORK;
}
