/* app_audit.c — what goes into an audit record (who, when, the values before and after),
 * who may read which records, and checking the hash chain. */
#include "app_audit.h"
#include "app_team.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *app_audit_snap(tk_app *app, const char *entity, int64_t id, const char *key)
{
    char *out = NULL;
    /* A failed read here fails the change's own reads and writes after it. */
    store_audit_snapshot(app->st, entity, id, key, &out, NULL);
    return out;
}

/* One "key":value of a flat object as store_audit_snapshot writes it. */
typedef struct pair {
    const char *key, *val;
    size_t klen, vlen;
} pair;

/* The end of the JSON string starting at s (its opening quote), past its closing quote. */
static const char *string_end(const char *s)
{
    for (s++; *s && *s != '"'; s++)
        if (*s == '\\' && s[1])
            s++;
    return *s ? s + 1 : s;
}

/* Splits a flat object into pairs (at most max); -1 when it is not one. */
static int pairs_of(const char *obj, pair *out, int max)
{
    const char *p = obj;
    int n = 0;
    if (*p++ != '{')
        return -1;
    while (*p && *p != '}' && n < max) {
        if (*p != '"')
            return -1;
        const char *k = p, *ke = string_end(p);
        if (*ke != ':')
            return -1;
        const char *v = ke + 1, *ve = v;
        if (*v == '"')
            ve = string_end(v);
        else if (*v == '{' || *v == '[')
            return -1;
        else
            while (*ve && *ve != ',' && *ve != '}')
                ve++;
        out[n++] = (pair){ k, v, (size_t)(ke - k), (size_t)(ve - v) };
        p = *ve == ',' ? ve + 1 : ve;
    }
    return *p == '}' ? n : -1;
}

static const pair *find_pair(const pair *ps, int n, const pair *want)
{
    for (int i = 0; i < n; i++)
        if (ps[i].klen == want->klen && !memcmp(ps[i].key, want->key, want->klen))
            return &ps[i];
    return NULL;
}

/* {"key":value,…} of the pairs of a whose value differs in b (or that b lacks). */
static void changed(strbuf *sb, const pair *a, int na, const pair *b, int nb)
{
    sb_addc(sb, '{');
    bool first = true;
    for (int i = 0; i < na; i++) {
        const pair *o = find_pair(b, nb, &a[i]);
        if (o && o->vlen == a[i].vlen && !memcmp(o->val, a[i].val, a[i].vlen))
            continue;
        if (!first)
            sb_addc(sb, ',');
        first = false;
        sb_addn(sb, a[i].key, a[i].klen);
        sb_addc(sb, ':');
        sb_addn(sb, a[i].val, a[i].vlen);
    }
    sb_addc(sb, '}');
}

/* The end of the object starting at s (its '{'), past its '}'. */
static const char *object_end(const char *s)
{
    int depth = 0;
    for (; *s; s++) {
        if (*s == '"')
            s = string_end(s) - 1;
        else if (*s == '{')
            depth++;
        else if (*s == '}' && --depth == 0)
            return s + 1;
    }
    return s;
}

/* [rows of a that b does not hold], rows compared whole. */
static void rows_only_in(strbuf *sb, const char *a, const char *b)
{
    sb_addc(sb, '[');
    bool first = true;
    for (const char *r = strchr(a, '{'); r; r = strchr(r, '{')) {
        const char *e = object_end(r);
        size_t n = (size_t)(e - r);
        bool found = false;
        for (const char *o = strchr(b, '{'); o && !found; o = strchr(object_end(o), '{'))
            found = (size_t)(object_end(o) - o) == n && !memcmp(o, r, n);
        if (!found) {
            if (!first)
                sb_addc(sb, ',');
            first = false;
            sb_addn(sb, r, n);
        }
        r = e;
    }
    sb_addc(sb, ']');
}

/* {"before":…,"after":…}: of one row, the fields that changed; of a list of rows (rates,
 * retainers), the rows that went and the rows that came. A row found by a key (a week's first
 * day, a tier, a tax's name) also names it, "key":…, first: the fields that changed need not
 * say which week or tier it was. */
static char *detail_of(const char *before, const char *after, const char *key)
{
    enum { MAXP = 64 };
    pair a[MAXP], b[MAXP];
    int na = before ? pairs_of(before, a, MAXP) : -1;
    int nb = after ? pairs_of(after, b, MAXP) : -1;
    strbuf sb = { 0 };
    sb_addc(&sb, '{');
    if (key) {
        sb_add(&sb, "\"key\":");
        json_escape(&sb, key);
        if (before || after)
            sb_addc(&sb, ',');
    }
    if (na >= 0 && nb >= 0) {
        sb_add(&sb, "\"before\":");
        changed(&sb, a, na, b, nb);
        sb_add(&sb, ",\"after\":");
        changed(&sb, b, nb, a, na);
    } else if (before && after && *before == '[' && *after == '[') {
        sb_add(&sb, "\"before\":");
        rows_only_in(&sb, before, after);
        sb_add(&sb, ",\"after\":");
        rows_only_in(&sb, after, before);
    } else {
        if (before)
            sb_addf(&sb, "\"before\":%s", before);
        if (after)
            sb_addf(&sb, "%s\"after\":%s", before ? "," : "", after);
    }
    sb_addc(&sb, '}');
    return sb_detach(&sb);
}

int app_audit_change(tk_app *app, const char *action, const char *entity, int64_t id,
                     const char *key, char *before, tk_err *err)
{
    char *after = NULL;
    int rc = store_audit_snapshot(app->st, entity, id, key, &after, err);
    char *detail = rc ? NULL : detail_of(before, after, key);
    if (rc == 0)
        rc = app_audit(app, action, entity, id, detail, err);
    free(detail);
    free(after);
    free(before);
    return rc;
}

int app_audit_after(tk_app *app, int rc, const char *action, const char *entity, int64_t id,
                    const char *key, char *before, tk_err *err)
{
    if (rc) {
        free(before);
        return rc;
    }
    return app_audit_change(app, action, entity, id, key, before, err);
}

int app_audit_change_end(tk_app *app, int rc, const char *action, const char *entity,
                         int64_t id, const char *key, char *before, tk_err *err)
{
    rc = app_audit_after(app, rc, action, entity, id, key, before, err);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}

int app_audit_if_changed(tk_app *app, int rc, const char *action, const char *entity,
                         int64_t id, const char *key, char *before, tk_err *err)
{
    char *now = NULL;
    if (rc == 0 && store_audit_snapshot(app->st, entity, id, key, &now, err))
        rc = -1;
    bool same = rc == 0 && before && now && !strcmp(before, now);
    free(now);
    if (same) {
        free(before);
        return 0;
    }
    return app_audit_after(app, rc, action, entity, id, key, before, err);
}

char *app_audit_head_text(tk_app *app)
{
    int64_t seq;
    char hash[SHA256_HEX];
    if (store_audit_head(app->st, &seq, hash, NULL) != 1)
        return NULL;
    return xasprintf("%lld:%s", (long long)seq, hash);
}

int app_audit_head(tk_app *app, int64_t *seq, char hash[SHA256_HEX], tk_err *err)
{
    return store_audit_head(app->st, seq, hash, err);
}

struct listing {
    int64_t me;
    bool all;
    int (*fn)(const store_audit_row *r, bool hidden, void *ctx);
    void *ctx;
};

static int list_row(const store_audit_row *r, void *p)
{
    struct listing *l = p;
    bool hidden = !l->all && r->user_id && r->user_id != l->me;
    return l->fn(r, hidden, l->ctx);
}

int app_audit_list(tk_app *app, const store_audit_filter *f,
                   int (*fn)(const store_audit_row *r, bool hidden, void *ctx), void *ctx,
                   tk_err *err)
{
    if (app_read_begin(app, err))
        return -1;
    /* Others' details: whoever may see the whole team's time (app_team_may, the one place). */
    tk_err no;
    struct listing l = { .me = app->user_id, .fn = fn, .ctx = ctx,
                         .all = app_team_may(app, TEAM_READ_ALL, 0, 0, &no) == 0 };
    int rc = store_audit_each(app->st, f, list_row, &l, err) < 0 ? -1 : 0;
    app_read_end(app);
    return rc;
}

struct verify {
    app_audit_check *out;
    char prev[SHA256_HEX];      /* the hash the next record must link to */
    int64_t want_seq;           /* ≥ 1: the saved head to meet */
    char want[SHA256_HEX];
    bool met;
};

static int brk(struct verify *v, int64_t seq, const char *why)
{
    v->out->broken = seq;
    snprintf(v->out->why, sizeof v->out->why, "%s", why);
    return 1;
}

static int verify_row(const store_audit_row *r, void *p)
{
    struct verify *v = p;
    app_audit_check *o = v->out;
    char why[200], hash[SHA256_HEX];
    int64_t expect = o->head_seq + 1;
    if (r->seq != expect) {
        if (r->seq < expect)
            return brk(v, r->seq, "it is out of place (a record was inserted)");
        if (expect == 1)
            snprintf(why, sizeof why, "the log starts at record %lld: the records before it are "
                     "missing (deleted)", (long long)r->seq);
        else if (r->seq - expect > 1)
            snprintf(why, sizeof why, "records %lld to %lld are missing (deleted): record %lld "
                     "follows record %lld", (long long)expect, (long long)(r->seq - 1),
                     (long long)r->seq, (long long)o->head_seq);
        else
            snprintf(why, sizeof why, "it is missing (deleted): record %lld follows record %lld",
                     (long long)r->seq, (long long)o->head_seq);
        return brk(v, expect, why);
    }
    audit_rec rec = { .seq = r->seq, .at = r->at, .user = r->user, .action = r->action,
                      .entity = r->entity, .entity_id = r->entity_id,
                      .has_entity_id = r->has_entity_id, .detail = r->detail,
                      .detail_len = r->detail_len };
    const char *stored_prev = r->prev_hash ? r->prev_hash : "";
    audit_chain_hash(&rec, v->prev, hash);
    if (!r->hash || strcmp(hash, r->hash)) {
        char own[SHA256_HEX];
        audit_chain_hash(&rec, stored_prev, own);
        if (strcmp(stored_prev, v->prev) && r->hash && !strcmp(own, r->hash))
            snprintf(why, sizeof why, "it does not follow record %lld (a record before it was "
                     "deleted, inserted or rewritten)", (long long)o->head_seq);
        else
            snprintf(why, sizeof why, "its content does not match its hash (it was changed or "
                     "inserted)");
        return brk(v, r->seq, why);
    }
    if (strcmp(stored_prev, v->prev))
        return brk(v, r->seq, "its link to the previous record was changed");
    memcpy(v->prev, hash, SHA256_HEX);
    o->records++;
    o->head_seq = r->seq;
    memcpy(o->head, hash, SHA256_HEX);
    if (r->seq == v->want_seq) {
        v->met = true;
        if (strcmp(hash, v->want))
            return brk(v, r->seq, "it is not the record of the saved head (the log was "
                       "rewritten up to there)");
    }
    return 0;
}

int app_audit_verify(tk_app *app, const char *against, app_audit_check *out, tk_err *err)
{
    struct verify v = { .out = out };
    memset(out, 0, sizeof *out);
    if (against && audit_chain_head_parse(against, &v.want_seq, v.want))
        return tk_fail(err, "--against takes a head as tock audit head prints it (SEQ:HASH, "
                       "64 hex digits)");
    if (app_read_begin(app, err))
        return -1;
    int rc = store_audit_each(app->st, NULL, verify_row, &v, err);
    app_read_end(app);
    if (rc < 0)
        return -1;
    if (rc == 0 && v.want_seq && !v.met) {
        char why[200];
        snprintf(why, sizeof why, "the log ends at record %lld, before the saved head: "
                 "the records after it were cut", (long long)out->head_seq);
        rc = brk(&v, v.want_seq, why);
    }
    return rc ? 1 : 0;
}
