/* app_import_map.c — the "source name = value" files of tock import's --user-map and
 * --client-map. */
#include "app_import_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* name without surrounding space, ASCII letters in lower case; caller frees. */
static char *fold(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *f = xstrndup(s, n);
    for (char *p = f; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return f;
}

static char *trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return xstrndup(s, n);
}

/* One line (no line end): 0 added or nothing to add, -1 with err. */
static int map_line(app_name_map *m, char *line, long no, tk_err *err)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p || *p == '#')
        return 0;
    if (!text_valid_utf8(line))
        return tk_fail(err, "%s:%ld: invalid UTF-8; save the file as UTF-8", m->path, no);
    char *eq = strrchr(line, '=');
    struct map_item it = { 0 };
    if (eq) {
        it.name = trim(line, (size_t)(eq - line));
        it.value = trim(eq + 1, strlen(eq + 1));
    }
    if (!eq || !*it.name || !*it.value) {
        free(it.name);
        free(it.value);
        return tk_fail(err, "%s:%ld: expected 'source name = value'", m->path, no);
    }
    char *key = fold(it.name, strlen(it.name));
    const struct map_item *old = strmap_get(&m->by_name, key);
    if (old) {
        tk_fail(err, "%s:%ld: '%s' is mapped already on line %ld", m->path, no, it.name, old->line);
        free(key);
        free(it.name);
        free(it.value);
        return -1;
    }
    it.line = no;
    struct map_item *item = xmalloc(sizeof *item);
    *item = it;
    TK_PUSH(m->items, item);
    strmap_put(&m->by_name, key, item);
    free(key);
    return 0;
}

app_name_map *app_name_map_load(const char *path, tk_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        tk_fail(err, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    app_name_map *m = xcalloc(1, sizeof *m);
    m->path = xstrdup(path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long no = 0;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
        no++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strlen(line) != (size_t)n)
            rc = tk_fail(err, "%s:%ld: NUL byte in the line", path, no);
        else
            rc = map_line(m, no == 1 && !strncmp(line, "\xef\xbb\xbf", 3) ? line + 3 : line, no, err);
    }
    if (rc == 0 && ferror(f))
        rc = tk_fail(err, "cannot read %s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    if (rc) {
        app_name_map_free(m);
        return NULL;
    }
    return m;
}

void app_name_map_free(app_name_map *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->items.len; i++) {
        free(m->items.items[i]->name);
        free(m->items.items[i]->value);
        free(m->items.items[i]);
    }
    free(m->items.items);
    strmap_free(&m->by_name, NULL);
    free(m->path);
    free(m);
}

const struct map_item *name_map_find(const app_name_map *m, const char *name)
{
    if (!m || !name || !*name)
        return NULL;
    char *key = fold(name, strlen(name));
    const struct map_item *it = strmap_get(&m->by_name, key);
    free(key);
    return it;
}
