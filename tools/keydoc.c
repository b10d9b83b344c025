/* keydoc.c — prints the TUI's key list as mdoc, from the one action table. */
#include <stdio.h>

#include "ui_actions.h"

int main(void)
{
    ui_actions_write_mdoc(stdout);
    return 0;
}
