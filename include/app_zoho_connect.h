/* app_zoho_connect.h — tock zoho connect: the grant code exchanged for a refresh token
 * (app_zoho_connect.c). */
#ifndef TOCK_APP_ZOHO_CONNECT_H
#define TOCK_APP_ZOHO_CONNECT_H

#include "app_zoho.h"

typedef enum { APP_CONNECT_FILE, APP_CONNECT_COMMAND, APP_CONNECT_CONFIG } app_connect_kind;
typedef struct app_zoho_connect {
    app_connect_kind kind;     /* where the refresh token goes */
    char *path;                /* FILE: zoho.refresh_token_file, the home folder expanded */
    const char *command;       /* COMMAND: zoho.refresh_token_command (the config's) */
    char *config_path;         /* CONFIG: the file whose zoho.refresh_token the user replaces */
    char *console_url;         /* Zoho's API console for the configured data centre */
    const char *scopes;        /* what the grant code must be generated with */
    bool env_wins;             /* TOCK_ZOHO_REFRESH_TOKEN is set: it overrides the stored one */
    bool replaced;             /* FILE: the file held a token before */
    app_zoho z;                /* the client, without a refresh token */
} app_zoho_connect;
/* Opens the client (client id and secret) and decides where the token goes, refusing a
 * config with none or several places, or a file that is a link: all before the user makes a
 * grant code. Close with app_zoho_connect_close, also after a failure. */
int app_zoho_connect_open(tk_app *app, bool verbose, app_zoho_connect *k, tk_err *err);
/* Exchanges the grant code. FILE: writes the token there (mode 0600, atomically), *token
 * NULL. Else *token is the token for the user to store (caller frees with zoho_secret_free).
 * On failure nothing is written and err holds neither the code nor a token. */
int app_zoho_connect_finish(app_zoho_connect *k, const char *code, char **token, tk_err *err);
void app_zoho_connect_close(app_zoho_connect *k);

#endif
