/* secrets.c — the one list of secret names, and an environment without them for children. */
#include "secrets.h"

#include <string.h>
#include <strings.h>
#include <sys/prctl.h>

#include "util.h"

extern char **environ;

static const char *const names[] = {
    "access_token", "refresh_token", "client_secret", "id_token", "code",
};

#define ENV_PREFIX "TOCK_ZOHO_"

bool secret_name(const char *name, size_t len)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(names); i++)
        if (strlen(names[i]) == len && !memcmp(names[i], name, len))
            return true;
    return false;
}

/* TOCK_ZOHO_<NAME>=... for a secret's name, in any case. */
static bool secret_variable(const char *var)
{
    size_t pre = strlen(ENV_PREFIX), eq = strcspn(var, "=");
    if (strncmp(var, ENV_PREFIX, pre) || eq <= pre)
        return false;
    for (size_t i = 0; i < TK_ARRAY_LEN(names); i++)
        if (strlen(names[i]) == eq - pre && !strncasecmp(names[i], var + pre, eq - pre))
            return true;
    return false;
}

char **secret_free_environ(void)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    char **env = xcalloc(n + 1, sizeof *env);
    size_t out = 0;
    for (size_t i = 0; i < n; i++)
        if (!secret_variable(environ[i]))
            env[out++] = environ[i];
    env[out] = NULL;
    return env;
}

static int guards;

void secret_guard(bool on)
{
    if (on && guards++ == 0)
        prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L);
    else if (!on && guards > 0 && --guards == 0)
        prctl(PR_SET_DUMPABLE, 1L, 0L, 0L, 0L);
}

void secret_wipe(char *s, size_t len)
{
    if (!s)
        return;
    volatile char *p = s;
    while (len--)
        *p++ = 0;
}
