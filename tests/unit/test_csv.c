#include "test.h"
#include "csv.h"
#include "instream.h"
#include "sha256.h"

#include <stdlib.h>

/* Reads every record of text; fields joined by '|' and records by '/', lines as "@N". */
static int csv_dump(const char *text, size_t len, strbuf *out, tk_err *err)
{
    csv_reader *r = csv_open_mem(text, len, "t.csv", 0);
    int rc;
    while ((rc = csv_next(r, err)) == 1) {
        sb_addf(out, "@%ld:", csv_line(r));
        for (size_t i = 0; i < csv_nfields(r); i++)
            sb_addf(out, "%s%s", i ? "|" : "", csv_field(r, i));
        sb_addc(out, '/');
    }
    csv_close(r);
    return rc;
}

/* An error's message is exactly s (CHECK_STR's buffer is too small for a whole tk_err). */
#define CHECK_MSG(e, s) do { if (strcmp((e).msg, (s))) { \
        fprintf(stderr, "    got message: %s\n", (e).msg); CHECK(!"message: " s); } } while (0)

static const char *csv_str(const char *text)
{
    static strbuf sb;
    tk_err err;
    sb_reset(&sb);
    if (csv_dump(text, strlen(text), &sb, &err) < 0)
        sb_addf(&sb, "ERROR %s", err.msg);
    return sb_str(&sb);
}

TEST(csv_plain_records)
{
    CHECK_STR(csv_str("a,b,c\n1,2,3\n"), "@1:a|b|c/@2:1|2|3/");
    CHECK_STR(csv_str("a,b\r\n1,2"), "@1:a|b/@2:1|2/");          /* CRLF; no final newline */
    CHECK_STR(csv_str("a,,c,\n,\n"), "@1:a||c|/@2:|/");           /* empty fields */
    CHECK_STR(csv_str("\n\r\na\n\n\nb\n"), "@3:a/@6:b/");          /* blank lines skipped */
    CHECK_STR(csv_str("a\rb\rc"), "@1:a/@2:b/@3:c/");              /* old Mac line ends */
    CHECK_STR(csv_str(""), "");
    CHECK_STR(csv_str("\xef\xbb\xbfUser,Email\n"), "@1:User|Email/");
    CHECK_STR(csv_str(" a , b \n"), "@1: a | b /");               /* spaces are data */
}

TEST(csv_quoted_fields)
{
    CHECK_STR(csv_str("\"a,b\",\"c\"\"d\"\"\",\"\"\n"), "@1:a,b|c\"d\"|/");
    /* Line breaks inside quotes: CRLF, LF and CR all become "\n"; lines keep counting. */
    CHECK_STR(csv_str("x,\"one\r\ntwo\nthree\rfour\"\r\nnext,1\r\n"),
              "@1:x|one\ntwo\nthree\nfour/@5:next|1/");
    CHECK_STR(csv_str("\"\"\"\"\n"), "@1:\"/");
    CHECK_STR(csv_str("\"a\"\r\n\"b\""), "@1:a/@2:b/");
    CHECK_STR(csv_str("\"caf\xc3\xa9 \xe2\x98\x95\",\"\xf0\x9f\x94\xa5\"\n"), "@1:caf\xc3\xa9 \xe2\x98\x95|\xf0\x9f\x94\xa5/");
}

TEST(csv_errors_name_the_line)
{
    CHECK_STR(csv_str("a,b\n1,\"open\n2,3\n4,5\n"),
              "@1:a|b/ERROR t.csv:2: unterminated quoted field (the quote opened here is never closed)");
    CHECK(strstr(csv_str("a,b\nx,ab\"c\n"), "ERROR t.csv:2: stray quote in an unquoted field"));
    CHECK(strstr(csv_str("a\n\"ab\"c,d\n"), "ERROR t.csv:2: text after a closing quote"));
    CHECK(strstr(csv_str("a\n\"ab\" ,d\n"), "ERROR t.csv:2: text after a closing quote"));
    /* Invalid UTF-8 on the third physical line of a record that starts on line 2. */
    CHECK(strstr(csv_str("h\n\"one\ntwo\nbad\xff\"\n"), "ERROR t.csv:4: invalid UTF-8 (byte 0xff in field 1)"));
    CHECK(strstr(csv_str("h\nok,\xc0\xaf\n"), "ERROR t.csv:2: invalid UTF-8 (byte 0xc0 in field 2)"));
    CHECK(strstr(csv_str("\xff\xfeU\0s\0"), "ERROR t.csv:1: the file is UTF-16"));
    tk_err err;
    strbuf sb = { 0 };
    CHECK_INT(csv_dump("a\nb\0c\n", 6, &sb, &err), -1);
    CHECK(strstr(err.msg, "t.csv:2: NUL byte") != NULL);
    sb_free(&sb);
}

TEST(csv_spent_after_error)
{
    const char *text = "a\n\"x\n";
    csv_reader *r = csv_open_mem(text, strlen(text), NULL, 0);
    tk_err err;
    CHECK_INT(csv_next(r, &err), 1);
    CHECK_INT(csv_next(r, &err), -1);
    CHECK(strstr(err.msg, "<stdin>:2:") == err.msg);
    CHECK_INT(csv_next(r, &err), -1);
    CHECK(strstr(err.msg, "stopped") != NULL);
    csv_close(r);
}

TEST(csv_record_cap)
{
    strbuf sb = { 0 };
    sb_add(&sb, "short\n\"");
    for (int i = 0; i < 200; i++)
        sb_add(&sb, "0123456789");
    sb_add(&sb, "\"\nafter\n");
    csv_reader *r = csv_open_mem(sb.buf, sb.len, "big.csv", 1000);
    tk_err err;
    CHECK_INT(csv_next(r, &err), 1);
    CHECK_INT(csv_next(r, &err), -1);
    CHECK_MSG(err, "big.csv:2: record starting here is longer than 1000 bytes");
    csv_close(r);
    r = csv_open_mem(sb.buf, sb.len, "big.csv", 0);  /* the default cap lets it through */
    CHECK_INT(csv_next(r, &err), 1);
    CHECK_INT(csv_next(r, &err), 1);
    CHECK_INT(strlen(csv_field(r, 0)), 2000);
    CHECK_INT(csv_next(r, &err), 1);
    CHECK_STR(csv_field(r, 0), "after");
    CHECK_INT(csv_next(r, &err), 0);
    csv_close(r);
    sb_free(&sb);
}

/* Reading from a FILE refills a 64 KiB buffer: a CRLF, a doubled quote and a UTF-8 character
 * split across two reads must come out the same as from memory. */
TEST(csv_file_buffer_boundaries)
{
    for (int shift = 0; shift < 4; shift++) {
        FILE *f = tmpfile();
        CHECK(f != NULL);
        if (!f)
            return;
        fputs("\xef\xbb\xbfh1,h2\r\n", f);           /* 11 bytes, BOM included */
        long pad = INSTREAM_BUF - 11 - 4 + shift;
        fputc('"', f);
        for (long i = 0; i < pad; i++)
            fputc('x', f);
        fputs("\"\"\xc3\xa9\",2\r\nlast,\"q\"\r\n", f);
        rewind(f);
        csv_reader *r = csv_open(f, "big.csv", 0);
        tk_err err;
        CHECK_INT(csv_next(r, &err), 1);
        CHECK_STR(csv_field(r, 0), "h1");
        CHECK_INT(csv_next(r, &err), 1);
        const char *v = csv_field(r, 0);
        CHECK_INT(strlen(v), pad + 3);
        CHECK(v && !strcmp(v + pad, "\"\xc3\xa9"));
        CHECK_STR(csv_field(r, 1), "2");
        CHECK_INT(csv_next(r, &err), 1);
        CHECK_INT(csv_line(r), 3);
        CHECK_STR(csv_field(r, 1), "q");
        CHECK_INT(csv_next(r, &err), 0);
        csv_close(r);
        fclose(f);
    }
}

TEST(csv_writer_quotes_when_needed)
{
    strbuf sb = { 0 };
    const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "", " pad", "caf\xc3\xa9", "cr\r" };
    csv_put_record(&sb, fields, TK_ARRAY_LEN(fields));
    CHECK_STR(sb_str(&sb), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" pad\",caf\xc3\xa9,\"cr\r\"\r\n");
    CHECK(!csv_needs_quotes("x-y_z.1"));
    CHECK(csv_needs_quotes("x\t"));
    /* What the writer writes, the reader reads back (a lone CR inside quotes becomes LF). */
    csv_reader *r = csv_open_mem(sb.buf, sb.len, "rt.csv", 0);
    tk_err err;
    CHECK_INT(csv_next(r, &err), 1);
    CHECK_INT(csv_nfields(r), TK_ARRAY_LEN(fields));
    for (size_t i = 0; i + 1 < TK_ARRAY_LEN(fields); i++)
        CHECK_STR(csv_field(r, i), fields[i]);
    CHECK_STR(csv_field(r, 7), "cr\n");
    CHECK(csv_field(r, 8) == NULL);
    CHECK_INT(csv_next(r, &err), 0);
    csv_close(r);
    sb_free(&sb);
}

TEST(utf8_validation_positions)
{
    CHECK_INT(utf8_invalid_at("abc", 3), 3);
    CHECK_INT(utf8_invalid_at("\xf0\x9f\x94\xa5!", 5), 5);
    CHECK_INT(utf8_invalid_at("ab\xc0\x80", 4), 2);          /* overlong */
    CHECK_INT(utf8_invalid_at("a\xe0\x80\xaf", 4), 1);       /* overlong */
    CHECK_INT(utf8_invalid_at("\xed\xa0\x80", 3), 0);        /* surrogate */
    CHECK_INT(utf8_invalid_at("\xf4\x90\x80\x80", 4), 0);    /* past U+10FFFF */
    CHECK_INT(utf8_invalid_at("ok\xe2\x98", 4), 2);          /* truncated */
    CHECK_INT(utf8_invalid_at("\x80", 1), 0);
}

TEST(sha256_vectors)
{
    char hex[SHA256_HEX];
    CHECK_STR(sha256_hex("", 0, hex), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_STR(sha256_hex("abc", 3, hex), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK_STR(sha256_hex(m, strlen(m), hex), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* A million 'a', fed in uneven pieces. */
    sha256_ctx c;
    unsigned char d[32];
    char chunk[997];
    memset(chunk, 'a', sizeof chunk);
    sha256_init(&c);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof chunk ? left : sizeof chunk;
        sha256_update(&c, chunk, n);
        left -= n;
    }
    sha256_final(&c, d);
    CHECK_INT(d[0], 0xcd);
    CHECK_INT(d[1], 0xc7);
    CHECK_INT(d[31], 0xd0);
}
