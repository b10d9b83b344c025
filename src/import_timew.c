/* import_timew.c — the JSON array `timew export` writes (or an extension's input): intervals
 * with UTC start/end, tags and an annotation. Tags become client, project, … by a map. */
#include "import_impl.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "duration.h"

enum { M_CLIENT, M_PROJECT, M_TASK, M_TIER, M_BILLABLE, M_N };
static const char *const field_names[M_N] = { "client", "project", "task", "tier", "billable" };
static const enum import_slot field_slot[M_N] = { S_CLIENT, S_PROJECT, S_TASK, S_TIER, S_COUNT };

/* Where one field comes from: a tag position, the tag with a prefix, or (billable) a tag. */
struct source {
    int pos;            /* 1-based; 0: none */
    char *text;         /* a prefix, or billable's tag */
};

struct timew {
    struct source map[M_N];
    TK_VEC(const char *) tags;
    TK_VEC(bool) used;
};

static int map_fail(const char *spec, const char *why, const char *what, tk_err *err)
{
    char b[64];
    return tk_fail(err, "bad tag map '%s': %s%s (expected e.g. client=1,project=2 or client=client:)",
                   import_show(spec, b), why, what);
}

/* One "field=source" item of n bytes. */
static int map_item(struct timew *t, const char *spec, const char *item, size_t n, tk_err *err)
{
    const char *eq = memchr(item, '=', n);
    char name[64];
    if (!eq || eq == item || (size_t)(eq - item) >= sizeof name)
        return map_fail(spec, "an item without '='", "", err);
    memcpy(name, item, (size_t)(eq - item));
    name[eq - item] = '\0';
    int f = 0;
    while (f < M_N && strcmp(name, field_names[f]))
        f++;
    if (f == M_N)
        return map_fail(spec, "unknown field ", name, err);
    const char *v = eq + 1;
    size_t vn = n - (size_t)(eq - item) - 1;
    struct source *s = &t->map[f];
    free(s->text);
    *s = (struct source){ 0 };
    if (vn == 0)
        return map_fail(spec, "nothing after = for ", name, err);
    if (vn == 1 && *v == '-')
        return 0;
    bool number = vn <= 4;
    for (size_t i = 0; i < vn; i++)
        number = number && v[i] >= '0' && v[i] <= '9';
    if (f == M_BILLABLE || !number) {
        if (f != M_BILLABLE && v[vn - 1] != ':')
            return map_fail(spec, "a tag prefix must end in ':' for ", name, err);
        s->text = xstrndup(v, vn);
        return 0;
    }
    s->pos = atoi(v);
    if (s->pos < 1)
        return map_fail(spec, "positions start at 1, for ", name, err);
    return 0;
}

static int parse_map(struct timew *t, const char *spec, tk_err *err)
{
    if (!spec) {                        /* a map given replaces this one entirely */
        t->map[M_CLIENT].pos = 1;
        t->map[M_PROJECT].pos = 2;
        return 0;
    }
    for (const char *p = spec; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (map_item(t, spec, p, n, err))
            return -1;
        p += n + (comma != NULL);
    }
    return 0;
}

static int timew_open(import_reader *r, tk_err *err)
{
    struct timew *t = xcalloc(1, sizeof *t);
    r->impl = t;
    if (parse_map(t, r->map, err))
        return -1;
    return import_json_skip_header(r, err);
}

/* "20240304T083000Z" → UTC seconds. */
static int parse_timew_time(const char *s, int64_t *out)
{
    if (!s || strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
        return -1;
    int v[6];
    static const int at[6] = { 0, 4, 6, 9, 11, 13 }, len[6] = { 4, 2, 2, 2, 2, 2 };
    for (int i = 0; i < 6; i++) {
        v[i] = 0;
        for (int k = 0; k < len[i]; k++) {
            char c = s[at[i] + k];
            if (c < '0' || c > '9')
                return -1;
            v[i] = v[i] * 10 + (c - '0');
        }
    }
    if (!day_valid_ymd(v[0], v[1], v[2]) || v[3] > 23 || v[4] > 59 || v[5] > 60)
        return -1;
    *out = (int64_t)day_from_ymd(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
    return 0;
}

/* The row's tags into t->tags (pointers into obj). */
static int read_tags(import_reader *r, struct timew *t, const json_val *obj, long line, tk_err *err)
{
    t->tags.len = t->used.len = 0;
    const json_val *tags = json_get(obj, "tags");
    if (!tags || json_is_null(tags))
        return 0;
    if (!json_is_arr(tags))
        return import_row_fail(r, err, line, "\"tags\" is not an array");
    for (size_t i = 0; i < json_len(tags); i++) {
        const char *s = json_str(json_at(tags, i));
        if (!s)
            return import_row_fail(r, err, line, "tag %zu is not a string", i + 1);
        TK_PUSH(t->tags, s);
        TK_PUSH(t->used, false);
    }
    return 0;
}

/* Fills client, project, task, tier, billable and the leftover tags from the map. */
static void apply_map(import_reader *r, struct timew *t, import_row *row)
{
    for (int f = 0; f < M_N; f++) {
        const struct source *s = &t->map[f];
        for (size_t i = 0; i < t->tags.len; i++) {
            const char *tag = t->tags.items[i];
            bool hit = s->text ? (f == M_BILLABLE ? !strcmp(tag, s->text)
                                                  : !strncmp(tag, s->text, strlen(s->text)))
                               : (size_t)s->pos == i + 1;
            if (!hit)
                continue;
            t->used.items[i] = true;
            if (f == M_BILLABLE)
                row->billable = true;
            else
                import_slot_set(r, field_slot[f], tag + (s->text ? strlen(s->text) : 0));
            break;
        }
        if (f == M_BILLABLE && s->text)
            row->has_billable = true;
    }
    for (size_t i = 0; i < t->tags.len; i++) {
        if (t->used.items[i])
            continue;
        if (r->slot[S_TAGS].len)
            sb_add(&r->slot[S_TAGS], ", ");
        sb_add(&r->slot[S_TAGS], t->tags.items[i]);
    }
}

static int timew_row(import_reader *r, struct timew *t, const json_val *obj, import_row *row,
                     long line, tk_err *err)
{
    char b[64];
    import_row_begin(r, row, line);
    const char *start = json_get_str(obj, "start");
    if (!start)
        return import_row_fail(r, err, line, "an interval without a \"start\"");
    if (parse_timew_time(start, &row->start))
        return import_row_fail(r, err, line, "bad start '%s' (expected e.g. 20240304T083000Z)", import_show(start, b));
    const json_val *end = json_get(obj, "end");
    row->open = !end;
    if (end && (!json_str(end) || parse_timew_time(json_str(end), &row->end)))
        return import_row_fail(r, err, line, "bad end '%s' (expected e.g. 20240304T101500Z)",
                        import_show(json_str(end) ? json_str(end) : "(not a string)", b));
    if (!row->open && row->end < row->start)
        return import_row_fail(r, err, line, "the interval ends before it starts");
    const json_val *ann = json_get(obj, "annotation");
    if (ann && !json_is_str(ann) && !json_is_null(ann))
        return import_row_fail(r, err, line, "\"annotation\" is not a string");
    if (read_tags(r, t, obj, line, err))
        return -1;
    int64_t id;
    if (json_get(obj, "id") && json_int(json_get(obj, "id"), &id) == 0)
        sb_addf(&r->slot[S_SOURCE_ID], "%" PRId64, id);
    import_slot_set(r, S_NOTE, json_str(ann));
    apply_map(r, t, row);
    row->has_range = true;
    row->day = local_day_of(row->start);
    row->seconds = row->open ? 0 : row->end - row->start;
    if (row->seconds > DUR_MAX)
        return import_row_fail(r, err, line, "an interval longer than 10000 hours");
    import_key_addi(r, row->start);
    import_key_addi(r, (int64_t)t->tags.len);
    for (size_t i = 0; i < t->tags.len; i++)
        import_key_add(r, t->tags.items[i]);
    import_key_add(r, sb_str(&r->slot[S_NOTE]));
    import_row_finish(r, row);
    return 1;
}

static int timew_next(import_reader *r, import_row *row, tk_err *err)
{
    struct timew *t = r->impl;
    json_val *obj;
    long line;
    int rc = import_json_next_object(r, &obj, &line, err);
    if (rc <= 0)
        return rc;
    rc = timew_row(r, t, obj, row, line, err);
    json_free(obj);
    return rc;
}

static void timew_close(import_reader *r)
{
    struct timew *t = r->impl;
    if (!t)
        return;
    for (int f = 0; f < M_N; f++)
        free(t->map[f].text);
    free(t->tags.items);
    free(t->used.items);
    free(t);
}

const struct import_format import_timew = {
    .name = "timew", .key_family = "timew", .csv = false,
    .open = timew_open, .next = timew_next, .close = timew_close,
};
