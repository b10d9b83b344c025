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

void json_escape(strbuf *sb, const char *s)
{
    sb_addc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sb_add(sb, "\\\""); break;
        case '\\': sb_add(sb, "\\\\"); break;
        case '\n': sb_add(sb, "\\n"); break;
        case '\r': sb_add(sb, "\\r"); break;
        case '\t': sb_add(sb, "\\t"); break;
        default:
            if (*p < 0x20)
                sb_addf(sb, "\\u%04x", *p);
            else
                sb_addc(sb, (char)*p);
        }
    }
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
    sep(w);
    sb_addf(w->out, "%" PRId64, v);
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
