/* cli_zoho.c — `tock zoho connect`: the steps in Zoho's API console, the grant code read
 * without echo, and where the refresh token went (or what the user must store, and where). */
#include "cli.h"
#include "app_zoho_connect.h"
#include "zoho.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CODE_MAX 1024

/* The command that stores what cmd reads, for the secret stores Debian users have. */
static void saving_hint(const char *cmd)
{
    static const struct { const char *reads, *stores; } tools[] = {
        { "pass show ", "pass insert " },
        { "secret-tool lookup ", "secret-tool store --label=tock " },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(tools); i++) {
        size_t n = strlen(tools[i].reads);
        if (!strncmp(cmd, tools[i].reads, n))
            fprintf(stderr, "  For example: %s%s (it asks for the token: paste it)\n",
                    tools[i].stores, cli_text(cmd + n));
    }
}

static void guide(const app_zoho_connect *k)
{
    fprintf(stderr,
            "To connect tock to Zoho Invoice:\n"
            "  1. Open Zoho's API console, %s\n"
            "     and add a Self Client (once: its client id and secret are zoho.client_id\n"
            "     and zoho.client_secret).\n"
            "  2. In its Generate Code tab enter these scopes, then create the code:\n"
            "     %s\n"
            "  3. Paste the code here. tock exchanges it for a refresh token and ",
            cli_text(k->console_url), k->scopes);
    if (k->kind == APP_CONNECT_FILE)
        fprintf(stderr, "writes it to\n     %s (mode 0600).\n", cli_text(k->path));
    else if (k->kind == APP_CONNECT_COMMAND)
        fprintf(stderr, "prints it for you\n     to store where `%s` reads it.\n",
                cli_text(k->command));
    else
        fprintf(stderr, "prints it for you\n     to put in %s as zoho.refresh_token.\n",
                cli_text(k->config_path));
}

/* The code without the blanks around it; -1 with err when it cannot be one. */
static int clean_code(char *buf, long n, tk_err *err)
{
    if (n < 0)
        return tk_fail(err, "no grant code given (the input ended)");
    if (n >= CODE_MAX)
        return tk_fail(err, "the grant code is too long: paste exactly the code Zoho's API "
                       "console shows");
    char *s = buf;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 && strchr(" \t\r", s[len - 1]))
        s[--len] = '\0';
    memmove(buf, s, len + 1);
    if (len == 0)
        return tk_fail(err, "no grant code given");
    for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
        if (*p <= ' ' || *p >= 0x7f)
            return tk_fail(err, "the grant code has spaces or control characters: paste "
                           "exactly the code Zoho's API console shows");
    return 0;
}

static void wipe(char *buf, size_t n)
{
    volatile char *p = buf;
    while (n--)
        *p++ = '\0';
}

static void report(const app_zoho_connect *k, const char *token)
{
    if (k->env_wins)
        fprintf(stderr, "tock: note: TOCK_ZOHO_REFRESH_TOKEN is set here and wins over the "
                "stored token: unset it\n");
    if (k->kind == APP_CONNECT_FILE) {
        printf("refresh token %s %s (mode 0600)\nnext: tock zoho check\n",
               k->replaced ? "replaced in" : "written to", cli_text(k->path));
        return;
    }
    if (k->kind == APP_CONNECT_COMMAND) {
        fprintf(stderr, "tock does not write to your secret store. Store the refresh token "
                "printed below\nso that `%s` prints it (on its first line), then run: tock zoho "
                "check\n", cli_text(k->command));
        saving_hint(k->command);
    } else {
        fprintf(stderr, "tock does not rewrite your config file. Replace the value of "
                "refresh_token in\n%s with the refresh token printed below, then run: tock "
                "zoho check\n", cli_text(k->config_path));
    }
    fprintf(stderr, "It is shown only this once; keep it out of logs, tickets and chats.\n");
    printf("%s\n", token);
    fflush(stdout);
}

int cmd_zoho_connect(tk_app *app, const cli_args *args)
{
    bool verbose = cli_args_has(args, "verbose");
    tk_err err = { "" };
    app_zoho_connect k;
    if (app_zoho_connect_open(app, verbose, &k, &err)) {
        app_zoho_connect_close(&k);
        return cli_error(&err);
    }
    if (isatty(STDIN_FILENO)) /* piped in, the code is at hand: errors stay one line */
        guide(&k);
    char code[CODE_MAX + 1];
    char *token = NULL;
    long n = cli_ask_secret("Grant code: ", code, sizeof code);
    int rc;
    rc = clean_code(code, n, &err) || app_zoho_connect_finish(&k, code, &token, &err);
    wipe(code, sizeof code);
    if (rc == 0)
        report(&k, token);
    zoho_secret_free(token);
    app_zoho_connect_close(&k);
    return rc ? cli_error(&err) : EXIT_OK;
}
