/* app_audit.h — the audit log seen from the rules: every change appends a record with who,
 * when, what, and the values before and after, in the change's own transaction; reading the
 * log honours roles; verifying recomputes the hash chain (audit_chain.h). */
#ifndef TOCK_APP_AUDIT_H
#define TOCK_APP_AUDIT_H

#include "app.h"
#include "audit_chain.h"

/* app_audit (app.h, app_change.c) appends a record by the current user, now, with a detail
 * as it is; these build the detail from what the change touched. */

/* What entity id (key: a tier, a week's first day, a tax's name, else NULL) holds now, to
 * pass to app_audit_change as its "before" after the change; NULL when there is nothing. Owned by
 * the caller until handed to app_audit_change. */
char *app_audit_snap(tk_app *app, const char *entity, int64_t id, const char *key);
/* Appends the record of a change to entity id: {"before":…,"after":…}, before as
 * app_audit_snap took it (freed here; NULL: it did not exist), after read now (left out when
 * it no longer exists). When both are one row, only the fields that changed are kept; a key
 * (a week's first day, a tier, a tax's name) goes first as "key":…, so the record says which. */
int app_audit_change(tk_app *app, const char *action, const char *entity, int64_t id,
                     const char *key, char *before, tk_err *err);

/* For a change that may have failed: when rc is 0, app_audit_change; before is freed either
 * way. Returns rc, or the record's result. */
int app_audit_after(tk_app *app, int rc, const char *action, const char *entity, int64_t id,
                    const char *key, char *before, tk_err *err);

/* app_change_end for a change whose record carries before (app_audit_snap, freed) and after:
 * records it when rc is 0, then commits, else rolls back. Returns rc or the failure. */
int app_audit_change_end(tk_app *app, int rc, const char *action, const char *entity,
                         int64_t id, const char *key, char *before, tk_err *err);
/* app_audit_after, but nothing is recorded when the row reads as it did before. */
int app_audit_if_changed(tk_app *app, int rc, const char *action, const char *entity, int64_t id,
                         const char *key, char *before, tk_err *err);

/* The current head as "SEQ:HASH" (caller frees), NULL when the log is empty or unreadable. */
char *app_audit_head_text(tk_app *app);
/* The current head: 1 with seq and hash, 0 when the log is empty, -1. */
int app_audit_head(tk_app *app, int64_t *seq, char hash[SHA256_HEX], tk_err *err);

/* Every record matching f, in order, in one read transaction. hidden: the record is another
 * user's and the current user is neither admin nor lead, so its detail is withheld. */
int app_audit_list(tk_app *app, const store_audit_filter *f,
                   int (*fn)(const store_audit_row *r, bool hidden, void *ctx), void *ctx,
                   tk_err *err);

/* What tock audit verify found. */
typedef struct app_audit_check {
    int64_t records;            /* records read (up to the break) */
    int64_t head_seq;           /* the last record read and found sound */
    char head[SHA256_HEX];
    int64_t broken;             /* the first record where the chain breaks, else 0 */
    char why[256];              /* what is wrong there, one line */
} app_audit_check;
/* Recomputes the chain from its first record. against ("SEQ:HASH", or NULL) is a head saved
 * earlier: the log must still hold that record with that hash. 0 when the chain holds,
 * 1 when it breaks (out says where and why), -1 on an error (a bad against included). */
int app_audit_verify(tk_app *app, const char *against, app_audit_check *out, tk_err *err);

#endif
