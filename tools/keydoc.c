/* keydoc.c — the TUI's key list for the man page, from the one action table.
 *   keydoc            prints the list (man(7) macros)
 *   keydoc FILE       rewrites the lines between FILE's BEGIN KEYS and END KEYS markers
 *   keydoc -c FILE    exits 1 when those lines are not the table's (for the tests) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_actions.h"

#define BEGIN_MARK ".\\\" BEGIN KEYS"
#define END_MARK ".\\\" END KEYS"

static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    *len = 0;
    size_t n;
    while (buf && (n = fread(buf + *len, 1, cap - *len - 1, f)) > 0) {
        *len += n;
        if (*len + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (buf)
        buf[*len] = '\0';
    return buf;
}

int main(int argc, char **argv)
{
    int check = argc == 3 && !strcmp(argv[1], "-c");
    const char *path = argc == 2 ? argv[1] : check ? argv[2] : NULL;
    if (!path) {
        ui_actions_write_man(stdout);
        return 0;
    }
    FILE *f = fopen(path, "r");
    size_t len, keys_len;
    char *text = f ? slurp(f, &len) : NULL;
    if (f)
        fclose(f);
    char *begin = text ? strstr(text, BEGIN_MARK "\n") : NULL;
    char *end = begin ? strstr(begin, END_MARK) : NULL;
    if (!end) {
        free(text);
        fprintf(stderr, "keydoc: %s: no '%s' … '%s' block\n", path, BEGIN_MARK, END_MARK);
        return 2;
    }
    begin += strlen(BEGIN_MARK "\n");
    FILE *mem = tmpfile();
    ui_actions_write_man(mem);
    rewind(mem);
    char *keys = slurp(mem, &keys_len);
    fclose(mem);
    if (check) {
        int same = (size_t)(end - begin) == keys_len && !memcmp(begin, keys, keys_len);
        if (!same)
            fprintf(stderr, "keydoc: the key list in %s is stale; run: make keydoc\n", path);
        free(text);
        free(keys);
        return same ? 0 : 1;
    }
    char *tmp = malloc(strlen(path) + 5);
    sprintf(tmp, "%s.tmp", path);
    FILE *out = fopen(tmp, "w");
    if (!out || fwrite(text, 1, (size_t)(begin - text), out) != (size_t)(begin - text) ||
        fwrite(keys, 1, keys_len, out) != keys_len || fputs(end, out) < 0 || fclose(out) ||
        rename(tmp, path)) {
        perror(tmp);
        return 2;
    }
    free(tmp);
    free(text);
    free(keys);
    return 0;
}
