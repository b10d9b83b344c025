/* json_write.c — a small streaming JSON writer into a strbuf. */
#include "json.h"

#include <inttypes.h>
#include <stdio.h>

void jw_init(jw *w, strbuf *out)
{
    w->out = out;
    w->depth = 0;
    w->first[0] = 1;
    w->after_key = 0;
}

static void sep(jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (!w->first[w->depth])
        sb_addc(w->out, ',');
    w->first[w->depth] = 0;
}

static void open(jw *w, char c)
{
    sep(w);
    sb_addc(w->out, c);
    if (w->depth < (int)sizeof w->first - 1)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(jw *w, char c)
{
    sb_addc(w->out, c);
    if (w->depth > 0)
        w->depth--;
}

void jw_obj(jw *w) { open(w, '{'); }
void jw_end_obj(jw *w) { close_(w, '}'); }
void jw_arr(jw *w) { open(w, '['); }
void jw_end_arr(jw *w) { close_(w, ']'); }

/* Copies runs of bytes that need no escape in one go: escaping is most of what a long
 * listing costs. */
void json_escape(strbuf *sb, const char *s)
{
    sb_addc(sb, '"');
    const unsigned char *run = (const unsigned char *)s, *p = run;
    for (; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        sb_addn(sb, (const char *)run, (size_t)(p - run));
        switch (*p) {
        case '"': sb_add(sb, "\\\""); break;
        case '\\': sb_add(sb, "\\\\"); break;
        case '\n': sb_add(sb, "\\n"); break;
        case '\r': sb_add(sb, "\\r"); break;
        case '\t': sb_add(sb, "\\t"); break;
        default: sb_addf(sb, "\\u%04x", *p); break;
        }
        run = p + 1;
    }
    sb_addn(sb, (const char *)run, (size_t)(p - run));
    sb_addc(sb, '"');
}

void jw_key(jw *w, const char *key)
{
    sep(w);
    json_escape(w->out, key);
    sb_addc(w->out, ':');
    w->after_key = 1;
}

void jw_str(jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    sep(w);
    json_escape(w->out, s);
}

void jw_int(jw *w, int64_t v)
{
    char buf[24], *p = buf + sizeof buf;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    sep(w);
    sb_addn(w->out, p, (size_t)(buf + sizeof buf - p));
}

void jw_bool(jw *w, bool v)
{
    sep(w);
    sb_add(w->out, v ? "true" : "false");
}

void jw_null(jw *w)
{
    sep(w);
    sb_add(w->out, "null");
}

void jw_raw(jw *w, const char *number_text)
{
    sep(w);
    sb_add(w->out, number_text);
}

void jw_kstr(jw *w, const char *key, const char *s) { jw_key(w, key); jw_str(w, s); }
void jw_kint(jw *w, const char *key, int64_t v) { jw_key(w, key); jw_int(w, v); }
void jw_kbool(jw *w, const char *key, bool v) { jw_key(w, key); jw_bool(w, v); }
void jw_knull(jw *w, const char *key) { jw_key(w, key); jw_null(w); }
