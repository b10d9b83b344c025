/* zoho_fail.c — the Zoho client's errors: formatted, then scrubbed of the client's secrets
 * (its own file: the client and the token both report through it). */
#include "zoho_internal.h"

#include <stdarg.h>
#include <stdlib.h>

zoho_status zoho_fail(const zoho_client *c, tk_err *err, zoho_status st, const char *fmt, ...)
{
    strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    const char *secrets[] = { c->client_secret, c->refresh_token, c->access_token,
                              c->grant_code };
    char *line = zoho_text_scrub(sb_str(&sb), secrets, TK_ARRAY_LEN(secrets));
    tk_fail(err, "%s", line);
    free(line);
    sb_free(&sb);
    return st;
}
