/* cli_entry.c — tock add, edit, rm and log. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "text.h"
#include "app_edit.h"
#include "app_entry.h"
#include "app_billing.h"
#include "app_cell.h"
#include "billing.h"
#include "invoice.h"
#include "app_read.h"

/* True when n bytes at s are all printable ASCII (0x20-0x7e): then a terminal shows each as
 * one column, and text_fit would copy them as they are. Eight bytes at a time. */
static bool plain_ascii(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    size_t i = 0;
    uint64_t x;
    for (; i + 8 <= n; i += 8) {
        memcpy(&x, s + i, 8);
        if ((x | (x + ones) | (x - ones * 0x20)) & high)
            return false;
    }
    for (; i < n; i++)
        if (s[i] < 0x20 || s[i] >= 0x7f)
            return false;
    return true;
}

/* text_fit(sb, s, width, pad, 0) of s, n bytes long: copied straight when it is plain ASCII
 * that fits (a listing's names and notes mostly are). */
static void fit_left(strbuf *sb, const char *s, size_t n, int width, int pad)
{
    if (n > (size_t)width || !plain_ascii(s, n)) {
        text_fit(sb, s, width, pad, 0);
        return;
    }
    size_t w = pad ? (size_t)width : n;
    char *o = sb_reserve(sb, w);
    memcpy(o, s, n);
    memset(o + n, ' ', w - n);
    sb->len += w;
    sb->buf[sb->len] = '\0';
}

/* v right-aligned in width columns, as printf's %*lld. */
static char *put_right(char *o, int64_t v, int width)
{
    char t[TK_I64_BUF];
    size_t n = (size_t)(jw_put_int(t, v) - t);
    if (n < (size_t)width) {
        memset(o, ' ', (size_t)width - n);
        o += (size_t)width - n;
    }
    memcpy(o, t, n);
    return o + n;
}

/* dur_format_brief(seconds) right-aligned in 7 columns, as "%7s". */
static char *put_brief(char *o, int64_t seconds)
{
    char t[48], *e = t;
    if (seconds < 0) {
        e += strlen(dur_format_brief(seconds, t));
    } else if (seconds < 60 && seconds > 0) {
        e = JW_PUT(e, "0:00:");
        *e++ = (char)('0' + seconds / 10);
        *e++ = (char)('0' + seconds % 10);
    } else {
        e = jw_put_int(e, seconds / 3600);
        int m = (int)(seconds / 60 % 60);
        *e++ = ':';
        *e++ = (char)('0' + m / 10);
        *e++ = (char)('0' + m % 10);
    }
    size_t n = (size_t)(e - t);
    if (n < 7) {
        memset(o, ' ', 7 - n);
        o += 7 - n;
    }
    memcpy(o, t, n);
    return o + n;
}

static char *put_day_text(char *o, tk_day day);

/* One entry as a line of the log, appended to out with its newline: what
 * "%6lld  %s  %s-%s %7s  ", the fitted client/project and tiers, the flags, the reference and
 * the fitted note wrote through snprintf and text_fit, byte for byte, without either where
 * the fields are plain and fit. */
static void log_line(strbuf *out, const tk_entry *e, const tk_bill *bill)
{
    size_t start = out->len;
    char *o = sb_reserve(out, 128);
    o = put_right(o, e->id, 6);
    o = JW_PUT(o, "  ");
    o = put_day_text(o, e->day);
    o = JW_PUT(o, "  ");
    if (e->has_range) {
        char a[DAY_TIME_BUF], b[DAY_TIME_BUF];
        local_format_hm(e->start, a);
        local_format_hm(e->end, b);
        size_t an = strlen(a), bn = strlen(b);
        memcpy(o, a, an);
        o[an] = '-';
        memcpy(o + an + 1, b, bn);
        o += an + 1 + bn;
    } else {
        o = JW_PUT(o, "     -     ");
    }
    *o++ = ' ';
    o = put_brief(o, e->seconds);
    o = JW_PUT(o, "  ");
    out->len = (size_t)(o - out->buf);
    out->buf[out->len] = '\0';

    size_t cn = strlen(e->client), pn = strlen(e->project);
    if (!pn) {
        fit_left(out, e->client, cn, 24, 1);
    } else if (cn + 1 + pn <= 24 && plain_ascii(e->client, cn) && plain_ascii(e->project, pn)) {
        o = sb_reserve(out, 24);
        memcpy(o, e->client, cn);
        o[cn] = '/';
        memcpy(o + cn + 1, e->project, pn);
        memset(o + cn + 1 + pn, ' ', 24 - (cn + 1 + pn));
        out->len += 24;
        out->buf[out->len] = '\0';
    } else {
        char *spec = xasprintf("%s/%s", e->client, e->project);
        text_fit(out, spec, 24, 1, 0);
        free(spec);
    }
    sb_addc(out, ' ');

    /* bill_tiers: the parts' tiers joined by "+", or the clock's tier. */
    char tiers[4 * BILL_TIER_MAX];
    size_t tn = 0;
    if (!bill->nparts) {
        memcpy(tiers, TIER_STANDARD, sizeof TIER_STANDARD - 1);
        tn = sizeof TIER_STANDARD - 1;
    }
    for (int i = 0; i < bill->nparts && tn <= 2 * BILL_TIER_MAX; i++) {
        size_t n = strlen(bill->parts[i].tier);
        if (i)
            tiers[tn++] = '+';
        memcpy(tiers + tn, bill->parts[i].tier, n);
        tn += n;
    }
    if (tn > 2 * BILL_TIER_MAX) {   /* many parts: as bill_tiers writes them */
        strbuf t = { 0 };
        bill_tiers(bill, &t);
        text_fit(out, sb_str(&t), 20, 1, 0);
        sb_free(&t);
    } else {
        tiers[tn] = '\0';
        fit_left(out, tiers, tn, 20, 1);
    }

    if (!e->billable)
        sb_addn(out, " non-billable", 13);
    if (e->invoice_id)
        sb_addn(out, " invoiced", 9);
    sb_addn(out, "  ", 2);
    if (e->ref && *e->ref) {
        sb_addc(out, '[');
        sb_add(out, e->ref);
        sb_addn(out, "] ", 2);
    }
    fit_left(out, e->note, strlen(e->note), 60, 0);
    while (out->len > start && out->buf[out->len - 1] == ' ')
        out->len--;
    out->buf[out->len] = '\0';
    sb_addc(out, '\n');
}

int cmd_add(tk_app *app, const cli_args *args)
{
    const char *tier = cli_args_get(args, "tier"),
               *note = cli_args_get(args, "note"),
               *ref = cli_args_get(args, "ref");
    bool non_billable = cli_args_has(args, "non-billable");
    char *const *pos = args->pos;
    int rc = 0;
    tk_err err = { "" };
    tk_day day;
    tk_entry e = { .user_id = app->user_id, .tier = (char *)tier, .note = (char *)(note ? note : ""),
                   .ref = (char *)ref };
    if (cli_check_text("note", note, &err) || cli_parse_day(pos[1], &day, &err) ||
        app_entry_parse_time(app, pos[2], day, &e, &err) || (tier && app_check_tier(app, tier, &err)))
        return cli_error(&err);
    tk_client c;
    tk_project p;
    if (app_resolve(app, pos[0], &c, &p, &err))
        return cli_error(&err);
    e.client_id = c.id;
    e.project_id = p.id;
    e.billable = !non_billable && c.billable && (!p.id || p.billable);
    rc = app_cell_commit(app, &e, NULL, &err);
    tk_client_clear(&c);
    tk_project_clear(&p);
    if (rc)
        return cli_error(&err);
    char d[DAY_BUF], dur[32];
    printf("added entry %lld: %s %s %s\n", (long long)e.id, pos[0], day_format(e.day, d),
           dur_format_brief(e.seconds, dur));
    return EXIT_OK;
}

int cmd_edit(tk_app *app, const cli_args *args)
{
    const char *to = cli_args_get(args, "to"),
               *date = cli_args_get(args, "date"),
               *duration = cli_args_get(args, "duration"),
               *time = cli_args_get(args, "time"),
               *tier = cli_args_get(args, "tier"),
               *note = cli_args_get(args, "note"),
               *ref = cli_args_get(args, "ref");
    bool billable = cli_args_has(args, "billable"),
         non_billable = cli_args_has(args, "non-billable");
    char *const *pos = args->pos;
    if (!to && !date && !duration && !time && !tier && !note && !billable && !non_billable &&
        !ref) {
        fprintf(stderr, "tock edit: nothing to change (see tock edit --help)\n");
        return EXIT_USAGE;
    }
    if (duration && time)
        return cli_errorf("--duration and --time exclude each other");
    if (billable && non_billable)
        return cli_errorf("--billable and --non-billable exclude each other");
    tk_err err = { "" };
    int64_t id;
    if (cli_parse_id(pos[0], &id, &err) || cli_check_text("note", note, &err))
        return cli_error(&err);
    app_entry_changes ch = { .to = to, .date = date, .time = time ? time : duration,
                             .tier = tier, .note = note, .billable = billable,
                             .non_billable = non_billable, .ref = ref };
    if (app_entry_edit(app, id, &ch, &err))
        return cli_error(&err);
    printf("changed entry %lld\n", (long long)id);
    return EXIT_OK;
}

int cmd_rm(tk_app *app, const cli_args *args)
{
    char *const *pos = args->pos;
    tk_err err = { "" };
    int64_t id;
    if (cli_parse_id(pos[0], &id, &err))
        return cli_error(&err);
    if (app_entry_rm(app, id, &err))
        return cli_error(&err);
    printf("deleted entry %lld\n", (long long)id);
    return EXIT_OK;
}

/* A listing's dates repeat from entry to entry (its date, start and end mostly share a day):
 * the last day's text is kept, so each distinct day is formatted once. */
static char *put_day_text(char *o, tk_day day)
{
    static tk_day last = DAY_MIN - 1;
    static char text[DAY_BUF];
    if (day != last) {
        day_format(day, text);
        last = day;
    }
    memcpy(o, text, 10);
    return o + 10;
}

/* Two digits of n < 60. */
static char *put_2(char *o, int n)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                "31323334353637383940414243444546474849505152535455565758596061";
    memcpy(o, pairs + 2 * n, 2);
    return o + 2;
}

/* "2026-11-23T08:00:00Z", as utc_format writes it, quoted. The UTC day of the last instant
 * is kept: a listing's starts and ends mostly share one. */
static char *put_utc(char *o, int64_t instant)
{
    static bool have;
    static int64_t midnight;
    static char day[DAY_BUF];
    int64_t rem;
    if (!have || __builtin_sub_overflow(instant, midnight, &rem) || rem < 0 || rem >= 86400) {
        int64_t days = instant >= 0 ? instant / 86400 : -((-instant + 86399) / 86400);
        rem = instant - days * 86400;
        midnight = instant - rem;
        day_format((tk_day)days, day);
        have = true;
    }
    int r = (int)rem, h = r / 3600, m = (r - h * 3600) / 60;
    *o++ = '"';
    memcpy(o, day, 10);
    o[10] = 'T';
    o = put_2(o + 11, h);
    *o++ = ':';
    o = put_2(o, m);
    *o++ = ':';
    o = put_2(o, r - h * 3600 - m * 60);
    o[0] = 'Z';
    o[1] = '"';
    return o + 2;
}

/* A number already written into the same raw block: a bill repeats most of its totals in its
 * one part, and copying the digits is cheaper than writing them again. */
typedef struct put_num {
    const char *at;   /* NULL: none written */
    size_t len;
    int64_t v;
} put_num;

static char *put_int_kept(char *o, int64_t v, put_num *kept)
{
    char *end = jw_put_int(o, v);
    *kept = (put_num){ o, (size_t)(end - o), v };
    return end;
}

/* The text of kept at o: its 23 bytes at most as 24, loaded before any is stored (kept lies
 * earlier in the same block, which has room past o: raw room is generous). */
static char *put_kept(char *o, const put_num *kept)
{
    uint64_t a, b, c;
    memcpy(&a, kept->at, 8);
    memcpy(&b, kept->at + 8, 8);
    memcpy(&c, kept->at + 16, 8);
    memcpy(o, &a, 8);
    memcpy(o + 8, &b, 8);
    memcpy(o + 16, &c, 8);
    return o + kept->len;
}

/* v, copied from kept when it is the same number. */
static char *put_int_again(char *o, int64_t v, const put_num *kept)
{
    return kept->at && kept->v == v ? put_kept(o, kept) : jw_put_int(o, v);
}

/* Hundredths as inv_format_quantity writes them ("2.50", "-0.05"), straight into o. */
static char *put_centi(char *o, int64_t q)
{
    uint64_t a = q < 0 ? (uint64_t)0 - (uint64_t)q : (uint64_t)q;
    if (q < 0)
        *o++ = '-';
    o = jw_put_int(o, (int64_t)(a / 100));
    o[0] = '.';
    o[1] = (char)('0' + a / 10 % 10);
    o[2] = (char)('0' + a % 10);
    return o + 3;
}

static char *put_centi_again(char *o, int64_t q, const put_num *kept)
{
    return kept->at && kept->v == q ? put_kept(o, kept) : put_centi(o, q);
}

/* An entry's strings as a listing writes them (NULL: null) and their lengths, measured once
 * for both the room they need and the writing. */
typedef struct entry_text {
    const char *project, *ref;
    size_t user, client, project_len, tier, note, ref_len;
} entry_text;

static size_t len_or_0(const char *s)
{
    return s ? strlen(s) : 0;
}

static entry_text entry_text_of(const tk_entry *e)
{
    entry_text t = { e->project && *e->project ? e->project : NULL,
                     e->ref && *e->ref ? e->ref : NULL, len_or_0(e->user), len_or_0(e->client),
                     0, len_or_0(e->tier), len_or_0(e->note), 0 };
    t.project_len = len_or_0(t.project);
    t.ref_len = len_or_0(t.ref);
    return t;
}

/* What the entry's fields need at most, as put_entry writes them: 6 bytes a byte escaped, and
 * quotes or null for each string. */
static size_t entry_room(const entry_text *t)
{
    return 512 + 6 * (t->user + t->client + t->project_len + t->tier + t->note + t->ref_len) +
           6 * 4;
}

static char *put_text(char *o, const char *s, size_t n)
{
    return s ? jw_put_strn(o, s, n) : JW_PUT(o, "null");
}

/* A string already written into the same raw block, quoted: a bill's part mostly has the
 * entry's tier. */
typedef struct put_str {
    const char *s;    /* NULL: none written */
    const char *at;
    size_t len;
} put_str;

/* The fields of an entry every JSON listing shares, at o; *seconds and *tier: where its
 * seconds and tier went. */
static char *put_entry(char *o, const tk_entry *e, const entry_text *t, put_num *seconds,
                       put_str *tier)
{
    o = JW_PUT(o, "\"id\":");
    o = jw_put_int(o, e->id);
    o = JW_PUT(o, ",\"user\":");
    o = put_text(o, e->user, t->user);
    o = JW_PUT(o, ",\"client\":");
    o = put_text(o, e->client, t->client);
    o = JW_PUT(o, ",\"project\":");
    o = put_text(o, t->project, t->project_len);
    o = JW_PUT(o, ",\"tier\":");
    const char *tier_at = o;
    o = put_text(o, e->tier, t->tier);
    *tier = (put_str){ e->tier, tier_at, (size_t)(o - tier_at) };
    o = JW_PUT(o, ",\"date\":\"");
    o = put_day_text(o, e->day);
    *o++ = '"';
    if (e->has_range) {
        o = JW_PUT(o, ",\"start\":");
        o = put_utc(o, e->start);
        o = JW_PUT(o, ",\"end\":");
        o = put_utc(o, e->end);
    } else {
        o = JW_PUT(o, ",\"start\":null,\"end\":null");
    }
    o = JW_PUT(o, ",\"seconds\":");
    o = put_int_kept(o, e->seconds, seconds);
    o = JW_PUT(o, ",\"note\":");
    o = put_text(o, e->note, t->note);
    o = JW_PUT(o, ",\"ref\":");
    o = put_text(o, t->ref, t->ref_len);
    return e->invoice_id ? JW_PUT(o, ",\"invoiced\":true") : JW_PUT(o, ",\"invoiced\":false");
}

/* The fields of an entry every JSON listing shares. Written raw into room reserved once: a
 * month's listing writes them for every entry. */
void cli_entry_json(jw *w, const tk_entry *e)
{
    entry_text t = entry_text_of(e);
    put_num seconds;
    put_str tier;
    char *o = jw_raw_begin(w, entry_room(&t));
    jw_raw_end(w, put_entry(o, e, &t, &seconds, &tier));
}

struct log_ctx {
    jw w;
    strbuf text;               /* the text listing's lines not yet written */
    const char *ref;           /* --ref: only entries with this reference */
    int64_t total;
    app_biller *b;
    tk_err *err;
};

/* What put_bill writes at most: a part's tier is shorter than BILL_TIER_MAX (add_part). */
static size_t bill_room(const tk_bill *bill, size_t currency_n)
{
    return 512 + 6 * currency_n + 2 + (size_t)bill->nparts * (512 + 6 * BILL_TIER_MAX + 2);
}

static size_t currency_len(const char *currency)
{
    return currency ? strlen(currency) : 0;
}

/* What an entry bills at o: totals, and its parts (one per tier) when it has any. seconds
 * and tier: the entry's own, when written in the same block (a part mostly has them). */
static char *put_bill(char *o, const tk_bill *bill, const char *currency, size_t currency_n,
                      const put_num *seconds, const put_str *tier)
{
    put_num billed, rate, amount, quantity;
    o = bill->billable ? JW_PUT(o, "\"billable\":true") : JW_PUT(o, "\"billable\":false");
    o = JW_PUT(o, ",\"billed_seconds\":");
    o = put_int_kept(o, bill->billed_seconds, &billed);
    o = JW_PUT(o, ",\"rate_minor\":");
    o = put_int_kept(o, bill->nparts ? bill->parts[0].rate_minor : 0, &rate);
    o = JW_PUT(o, ",\"amount_minor\":");
    o = put_int_kept(o, bill->amount_minor, &amount);
    o = JW_PUT(o, ",\"currency\":");
    o = put_text(o, currency, currency_n);
    o = JW_PUT(o, ",\"quantity\":");
    const char *q_at = o;
    o = put_centi(o, bill->quantity_centi);
    quantity = (put_num){ q_at, (size_t)(o - q_at), bill->quantity_centi };
    o = bill->retainer ? JW_PUT(o, ",\"retainer\":true") : JW_PUT(o, ",\"retainer\":false");
    o = JW_PUT(o, ",\"parts\":[");
    for (int i = 0; i < bill->nparts; i++) {
        const tk_bill_part *pt = &bill->parts[i];
        o = i ? JW_PUT(o, ",{\"tier\":") : JW_PUT(o, "{\"tier\":");
        if (tier->s && strcmp(pt->tier, tier->s) == 0) {
            memcpy(o, tier->at, tier->len);
            o += tier->len;
        } else if (strcmp(pt->tier, TIER_STANDARD) == 0) {   /* most parts: by the clock */
            o = JW_PUT(o, "\"" TIER_STANDARD "\"");
        } else {
            o = jw_put_str(o, pt->tier);
        }
        o = JW_PUT(o, ",\"seconds\":");
        o = put_int_again(o, pt->actual_seconds, seconds);
        o = JW_PUT(o, ",\"billed_seconds\":");
        o = put_int_again(o, pt->billed_seconds, &billed);
        o = JW_PUT(o, ",\"rate_minor\":");
        o = put_int_again(o, pt->rate_minor, &rate);
        o = JW_PUT(o, ",\"amount_minor\":");
        o = put_int_again(o, pt->amount_minor, &amount);
        o = JW_PUT(o, ",\"quantity\":");
        o = put_centi_again(o, pt->quantity_centi, &quantity);
        if (bill->retainer) {
            o = JW_PUT(o, ",\"included_quantity\":");
            o = put_centi(o, pt->included_centi);
            o = JW_PUT(o, ",\"overage_rate_minor\":");
            o = jw_put_int(o, pt->overage_rate_minor);
        }
        *o++ = '}';
    }
    *o++ = ']';
    return o;
}

/* What an entry bills: totals, and its parts (one per tier) when it has any. Raw, as above. */
void cli_bill_json(jw *w, const tk_bill *bill, const char *currency)
{
    static const put_num no_seconds = { NULL, 0, 0 };
    static const put_str no_tier = { NULL, NULL, 0 };
    size_t n = currency_len(currency);
    char *o = jw_raw_begin(w, bill_room(bill, n));
    jw_raw_end(w, put_bill(o, bill, currency, n, &no_seconds, &no_tier));
}

/* One entry of the listing and its bill as one object, in one block: what jw_obj,
 * cli_entry_json, cli_bill_json and jw_end_obj write, byte for byte. */
static void log_entry_json(jw *w, const tk_entry *e, const tk_bill *bill, const char *currency)
{
    entry_text t = entry_text_of(e);
    put_num seconds;
    put_str tier;
    size_t n = currency_len(currency);
    char *o = jw_raw_begin(w, entry_room(&t) + bill_room(bill, n) + 3);
    *o++ = '{';
    o = put_entry(o, e, &t, &seconds, &tier);
    *o++ = ',';
    o = put_bill(o, bill, currency, n, &seconds, &tier);
    *o++ = '}';
    jw_raw_end(w, o);
}

/* The text listing's lines so far, to stdout (as puts wrote them: unchecked). */
static void log_text_out(struct log_ctx *l)
{
    if (l->text.len)
        fwrite(l->text.buf, 1, l->text.len, stdout);
    sb_reset(&l->text);
}

/* The entry's bill and client, when the listing shows it (NULL: not shown, or *rc: failed);
 * e named by the biller (the listing is unnamed). */
static inline __attribute__((always_inline)) const tk_client *
log_billed(struct log_ctx *l, tk_entry *e, tk_bill *bill, int *rc)
{
    *rc = 0;
    if (l->ref && strcmp(l->ref, e->ref ? e->ref : ""))
        return NULL;
    l->total += e->seconds;
    const tk_client *c = app_biller_name(l->b, e, l->err);
    if (!c || app_bill(l->b, e, bill, l->err)) {
        *rc = -1;
        return NULL;
    }
    return c;
}

static int log_entry(const tk_entry *e, void *p)
{
    struct log_ctx *l = p;
    tk_bill bill;
    tk_entry named = *e;
    int rc;
    const tk_client *c = log_billed(l, &named, &bill, &rc);
    if (!c)
        return rc;
    log_entry_json(&l->w, &named, &bill, c->currency);
    if (jw_spill(&l->w))
        return tk_fail(l->err, "cannot write to stdout: %s", strerror(errno));
    return 0;
}

/* log_entry of the text listing. */
static int log_entry_text(const tk_entry *e, void *p)
{
    struct log_ctx *l = p;
    tk_bill bill;
    tk_entry named = *e;
    int rc;
    if (!log_billed(l, &named, &bill, &rc))
        return rc;
    log_line(&l->text, &named, &bill);
    if (l->text.len >= JW_SPILL)
        log_text_out(l);
    return 0;
}

int cmd_log(tk_app *app, const cli_args *args)
{
    const char *from_s = cli_args_get(args, "from"),
               *to_s = cli_args_get(args, "to"),
               *client = cli_args_get(args, "client"),
               *ref = cli_args_get(args, "ref");
    bool json = cli_args_has(args, "json");
    int rc = 0;
    tk_err err = { "" };
    tk_day week = app_week_of(app, app_today());
    store_filter f = { .user_id = app->user_id, .from = week, .to = week + 6,
                       .shown_only = true, .unnamed = true };
    if ((from_s && cli_parse_day(from_s, &f.from, &err)) || (to_s && cli_parse_day(to_s, &f.to, &err)))
        return cli_error(&err);
    if (from_s && !to_s)
        f.to = app_today() > f.from ? app_today() : f.from;
    if (to_s && !from_s)
        f.from = f.to - 6;
    if (f.to < f.from)
        return cli_errorf("--to is before --from");
    if (client) {
        tk_client c;
        tk_project p;
        if (app_find(app, client, &c, &p, &err))
            return cli_error(&err);
        f.client_id = c.id;
        f.project_id = p.id;
        tk_client_clear(&c);
        tk_project_clear(&p);
    }
    strbuf sb = { 0 };
    struct log_ctx l = { .ref = ref, .b = app_biller_new(app, &err), .err = &err };
    if (!l.b)
        return cli_error(&err);
    /* Streamed: the JSON goes out as entries are read, so a month of a busy team needs no
     * more memory than a day. An error after the first rows leaves them printed, the error on
     * stderr and a non-zero exit (tock(1), log). */
    jw_init(&l.w, &sb);
    jw_stream(&l.w, stdout);
    if (json)
        jw_arr(&l.w);
    /* One snapshot for the entries and the rules they bill by (and, with no import pending,
     * no row tested against one: store_read_begin). */
    rc = app_read_begin(app, &err);
    if (rc == 0)
        rc = app_entry_each(app, &f, json ? log_entry : log_entry_text, &l, &err);
    app_biller_free(l.b);
    app_read_end(app);
    log_text_out(&l);
    sb_free(&l.text);
    if (rc < 0) {
        sb_free(&sb);
        return cli_error(&err);
    }
    if (json) {
        jw_end_arr(&l.w);
        sb_addc(&sb, '\n');
        if (jw_spill_all(&l.w) || fflush(stdout)) {
            tk_fail(&err, "cannot write to stdout: %s", strerror(errno));
            sb_free(&sb);
            return cli_error(&err);
        }
    } else {
        char d[32];
        printf("%s total\n", dur_format_brief(l.total, d));
    }
    sb_free(&sb);
    return EXIT_OK;
}
