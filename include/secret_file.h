/* secret_file.h — a secret kept in a file of its own (zoho.refresh_token_file): only the user
 * may read it, it is read without following a symbolic link, and written whole or not at all. */
#ifndef TOCK_SECRET_FILE_H
#define TOCK_SECRET_FILE_H

#include <stdbool.h>

#include "util.h"

/* The configured path with a leading "~/" made the home folder. NULL when there is no home
 * (err says so). Caller frees. */
char *secret_file_path(const char *configured, tk_err *err);

/* The first line of the file at path, without its newline, in *out (caller frees with
 * zoho_secret_free or wipes it). Refused: a symbolic link, not a regular file, another
 * user's file, a file group or others may read (the message has the chmod), an empty first
 * line. */
int secret_file_read(const char *path, char **out, tk_err *err);

/* 0 when secret_file_write may write path (it is missing, or a regular file, not a link);
 * -1 with err. *exists: path holds a file. */
int secret_file_check(const char *path, bool *exists, tk_err *err);

/* Writes secret and a newline to path as a new file of mode 0600 (a temp file in the same
 * folder, synced, then renamed over path), making missing folders 0700. Refuses a path that
 * is a symbolic link or not a regular file. *replaced: path held a file before. On failure
 * nothing is left behind. */
int secret_file_write(const char *path, const char *secret, bool *replaced, tk_err *err);

/* Writes a then b (either may be empty) to path as a new file of mode 0600, synced, appearing
 * whole or not at all (a temp file in the same folder renamed over path). 0, or an errno. */
int secret_file_put(const char *path, const char *a, size_t alen, const char *b, size_t blen);

#endif
