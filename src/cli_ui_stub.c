/* cli_ui_stub.c — until the full-screen grid lands, `tock` alone prints the help. */
#include "cli.h"

int cmd_ui(tk_app *app, int argc, char **argv)
{
    (void)app;
    (void)argc;
    (void)argv;
    fprintf(stdout, "tock: the full-screen grid is not built yet; see tock --help\n");
    return EXIT_OK;
}
