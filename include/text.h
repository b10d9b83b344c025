/* text.h — UTF-8 text measured in terminal columns, keys, slugs, suggestions. Pure. */
#ifndef TOCK_TEXT_H
#define TOCK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

/* Makes sure LC_CTYPE is a UTF-8 locale (the user's, else C.UTF-8); the other categories
 * stay "C". The functions here call it at the first character past ASCII; call it before
 * anything else that reads the character set (curses, the C library's wide characters). */
void text_init_locale(void);

int text_valid_utf8(const char *s);
/* A copy of s with each byte that is not UTF-8 replaced by U+FFFD. Caller frees. */
char *text_utf8_lossy(const char *s);
/* Terminal columns taken by s (wide characters count 2, combining marks 0). */
int text_width(const char *s);
/* A copy of s in lower case, character by character (Ü → ü, not only ASCII), for matching
 * that ignores case; bytes that are not valid characters are kept. Caller frees. */
char *text_fold(const char *s);
/* A copy of s for matching what people type: lower case (as text_fold), Latin letters without
 * their marks (é → e, ł → l, ß → ss, æ → ae), combining marks dropped; with spelled, ä ö ü
 * become ae oe ue, as German is written without them ("Zürich" → "zuerich"). Caller frees. */
char *text_fold_plain(const char *s, bool spelled);
/* Appends s to sb for a terminal: control characters (tabs, newlines, escapes; C0, DEL, C1)
 * become spaces and bytes that are not UTF-8 become '?', one column each. */
void text_add_printable(strbuf *sb, const char *s);
/* Appends s to sb (as text_add_printable) cut to at most `width` columns (ending in "…" when cut), padded with spaces
 * to exactly `width` when pad is set; align_right pads on the left. */
void text_fit(strbuf *sb, const char *s, int width, int pad, int align_right);

/* A client or project key: letters of any script, digits, '-', '_', '.'; 1–64 bytes. */
int key_valid(const char *s);
/* A key made from a display name: "Client A" → "client-a". Caller frees; never empty. */
char *key_slugify(const char *name);
/* The candidate closest to s by edit distance, if close enough to suggest; else NULL. */
const char *key_suggest(const char *s, const char *const *candidates, size_t n);

#endif
