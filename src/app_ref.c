/* app_ref.c — ticket references on entries (JIRA-123, #42): checked when typed, or picked
 * out of a note by [tickets] pattern (a POSIX extended regular expression) when none was
 * given. The compiled pattern is kept for the process: an import checks many notes. */

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "app_ref.h"

int app_ref_check(const char *ref, tk_err *err)
{
    if (!ref)
        return 0;
    if (strlen(ref) > APP_REF_MAX)
        return tk_fail(err, "a ticket reference is at most %d bytes", APP_REF_MAX);
    if (!text_valid_utf8(ref))
        return tk_fail(err, "the ticket reference is not valid UTF-8");
    for (const unsigned char *p = (const unsigned char *)ref; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return tk_fail(err, "a ticket reference has no spaces or control characters: '%s'",
                           ref);
    return 0;
}

static struct {
    char *pattern;
    regex_t re;
    bool ok;
} cached;

char *app_ref_from_note(tk_app *app, const char *note)
{
    const char *pat = app->cfg.ticket_pattern;
    if (!pat || !*pat || !note || !*note)
        return NULL;
    if (!cached.pattern || strcmp(cached.pattern, pat)) {
        if (cached.ok)
            regfree(&cached.re);
        free(cached.pattern);
        cached.pattern = xstrdup(pat);
        cached.ok = regcomp(&cached.re, pat, REG_EXTENDED) == 0;
    }
    regmatch_t m;
    if (!cached.ok || regexec(&cached.re, note, 1, &m, 0) || m.rm_eo <= m.rm_so)
        return NULL;
    size_t len = (size_t)(m.rm_eo - m.rm_so);
    char *ref = xstrndup(note + m.rm_so, len > APP_REF_MAX ? APP_REF_MAX : len);
    tk_err ignored;
    if (app_ref_check(ref, &ignored)) {   /* a pattern matching spaces: no reference */
        free(ref);
        return NULL;
    }
    return ref;
}

int app_ref_store(tk_app *app, tk_entry *e, bool insert, tk_err *err)
{
    if (app_ref_check(e->ref, err))
        return -1;
    char *own = e->ref, *picked = own ? NULL : app_ref_from_note(app, e->note);
    if (picked)
        e->ref = picked;
    int rc = insert ? store_entry_insert(app->st, e, err) : store_entry_update(app->st, e, err);
    e->ref = own;
    free(picked);
    return rc;
}
