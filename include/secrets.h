/* secrets.h — the one list of what tock treats as a secret. It drives every scrubber: the
 * redaction of Zoho's traffic in traces (zoho_text.c) and the environment of every child tock
 * starts (`tock run`, the *_command shells), which never sees TOCK_ZOHO_<NAME> for a secret. */
#ifndef TOCK_SECRETS_H
#define TOCK_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the len bytes at name are a secret's name (client_secret, refresh_token, ...). */
bool secret_name(const char *name, size_t len);

/* The current environment without the variables holding secrets (TOCK_ZOHO_CLIENT_SECRET,
 * TOCK_ZOHO_REFRESH_TOKEN, ...), for a child: build it before fork, assign it to environ in
 * the child, then exec. A new NULL-terminated array of the environment's own strings:
 * free the array only. */
char **secret_free_environ(void);

/* While any holder has it on, the process is not dumpable (no core file, no ptrace by
 * others): on from before the first byte of a secret is read (the config file, a
 * *_command's output) until every copy is wiped. Nests. */
void secret_guard(bool on);
/* Overwrites s (NULL-safe) with zeros, in a way the compiler keeps. */
void secret_wipe(char *s, size_t len);

#endif
