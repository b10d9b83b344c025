/* app_ref.h — ticket references on entries (app_ref.c; issue 18). */
#ifndef TOCK_APP_REF_H
#define TOCK_APP_REF_H

#include "app.h"

/* ---- ticket references (app_ref.c) ---- */

#define APP_REF_MAX 64   /* bytes */

/* A reference as typed: at most APP_REF_MAX bytes of UTF-8 without spaces or control
 * characters; "" clears one. 0, or -1 with err. */
int app_ref_check(const char *ref, tk_err *err);
/* The first match of [tickets] pattern in note (owned), or NULL (no pattern, no match). */
char *app_ref_from_note(tk_app *app, const char *note);
/* Inserts (insert) or updates e in the store with its reference: its own when it has one
 * (checked), else the one the pattern picks from its note. e is as before afterwards. */
int app_ref_store(tk_app *app, tk_entry *e, bool insert, tk_err *err);

#endif
