#include "test.h"
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *write_tmp(const char *text, mode_t mode)
{
    char *path = strdup("/tmp/tock-config-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return path;
    if (write(fd, text, strlen(text)) < 0)
        perror("write");
    close(fd);
    chmod(path, mode);
    return path;
}

/* The example file states exactly the built-in defaults. */
TEST(config_example_is_the_defaults)
{
    tk_config def, ex;
    tk_err err = { "" };
    config_defaults(&def);
    CHECK_INT(config_load(&ex, "config.example.ini", &err), 0);
    if (err.msg[0])
        fprintf(stderr, "    %s\n", err.msg);
    CHECK_INT(ex.week_start, def.week_start);
    CHECK_STR(ex.default_currency, def.default_currency);
    CHECK_INT(ex.rounding.increment, def.rounding.increment);
    CHECK_INT(ex.rounding.mode, def.rounding.mode);
    CHECK_INT(ex.rounding.minimum, def.rounding.minimum);
    CHECK_STR(ex.business_hours, def.business_hours);
    CHECK_STR(ex.holidays, def.holidays);
    CHECK_STR(ex.group_by, def.group_by);
    CHECK_STR(ex.zoho.region, def.zoho.region);
    CHECK_INT(ex.zoho.timeout_seconds, def.zoho.timeout_seconds);
    CHECK_INT(ex.zoho.payment_terms, def.zoho.payment_terms);
    CHECK_INT(ex.zoho.max_retries, def.zoho.max_retries);
    CHECK_INT(ex.zoho.max_backoff_seconds, def.zoho.max_backoff_seconds);
    CHECK_STR(ex.zoho.invoice_numbers, def.zoho.invoice_numbers);
    CHECK_STR(ex.zoho.invoice_prefix, def.zoho.invoice_prefix);
    CHECK_STR(ex.ui_color, def.ui_color);
    CHECK_INT(ex.ntiers, def.ntiers);
    for (size_t i = 0; i < def.ntiers && i < ex.ntiers; i++) {
        CHECK_STR(ex.tiers[i].name, def.tiers[i].name);
        CHECK_INT(ex.tiers[i].permille, def.tiers[i].permille);
    }
    config_free(&def);
    config_free(&ex);
}

TEST(config_values_and_errors)
{
    tk_config c;
    tk_err err = { "" };
    char *p = write_tmp("[billing]\nround = 15m\nround_mode = nearest\n[general]\nweek_start = sun\n"
                        "[tiers]\nweekend = 1.75\n", 0644);
    CHECK_INT(config_load(&c, p, &err), 0);
    CHECK_INT(c.rounding.increment, 900);
    CHECK_INT(c.rounding.mode, ROUND_NEAREST);
    CHECK_INT(c.week_start, 6);
    CHECK_INT(config_tier_permille(&c, "weekend"), 1750);
    CHECK_INT(config_tier_permille(&c, "after-hours"), 1500);
    CHECK_INT(config_tier_permille(&c, "nope"), -1);
    config_free(&c);
    unlink(p);
    free(p);

    p = write_tmp("[billing]\nround = 1h7x\n", 0644);
    CHECK_INT(config_load(&c, p, &err), -1);
    CHECK(strstr(err.msg, "[billing] round") != NULL);
    CHECK(strstr(err.msg, "1h7x") != NULL);
    CHECK(strstr(err.msg, p) != NULL);
    config_free(&c);
    unlink(p);
    free(p);

    p = write_tmp("[zoho]\nrefresh_token = 1000.secret\n", 0644);
    CHECK_INT(config_load(&c, p, &err), -1);
    CHECK(strstr(err.msg, "chmod 600") != NULL);
    CHECK(strstr(err.msg, "1000.secret") == NULL);
    config_free(&c);
    chmod(p, 0600);
    CHECK_INT(config_load(&c, p, &err), 0);
    CHECK_STR(c.zoho.refresh_token, "1000.secret");
    config_free(&c);
    unlink(p);
    free(p);

    CHECK_INT(config_load(&c, "/nonexistent/tock.ini", &err), -1);
    CHECK(strstr(err.msg, "/nonexistent/tock.ini") != NULL);
    config_free(&c);
}

#include <sys/prctl.h>
#include "secrets.h"

/* A config holding a Zoho secret makes the process undumpable from before its bytes are read
 * until config_free has wiped its copies; one without a secret leaves it as it was. */
TEST(config_secret_guard)
{
    tk_config c;
    tk_err err = { "" };
    char *plain = write_tmp("[billing]\nround = 15m\n", 0600);
    char *secret = write_tmp("[zoho]\nclient_secret = s3cr3t-value\nrefresh_token = 1000.abc\n", 0600);
    CHECK_INT(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 1);
    CHECK_INT(config_load(&c, plain, &err), 0);
    CHECK_INT(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 1);
    config_free(&c);
    CHECK_INT(config_load(&c, secret, &err), 0);
    CHECK_INT(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 0);
    CHECK_STR(c.zoho.client_secret, "s3cr3t-value");
    config_free(&c);
    CHECK_INT(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 1);
    unlink(plain);
    unlink(secret);
    free(plain);
    free(secret);
}

TEST(secret_wipe_zeroes)
{
    char buf[] = "token-1234";
    secret_wipe(buf, strlen(buf));
    for (size_t i = 0; i < sizeof buf; i++)
        CHECK_INT(buf[i], 0);
    secret_wipe(NULL, 3);
}
