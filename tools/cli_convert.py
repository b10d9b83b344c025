#!/usr/bin/env python3
"""One-off, for merging branches written before the command table declared options: converts
each old-style command in the given files,

    int cmd_x(tk_app *app, int argc, char **argv)
    {
        const char *from = NULL; bool json = false; char *pos[1]; int npos;
        cli_opt opts[] = { { "from", 0, &from, NULL }, { "json", 0, NULL, &json }, { 0 } };
        int rc = cli_parse("x", argc, argv, opts, pos, 1, 1, &npos, NULL, NULL);
        if (rc)
            return rc;

into the new style, leaving the rest of the body as it is,

    int cmd_x(tk_app *app, const cli_args *args)
    {
        const char *from = cli_args_get(args, "from");
        bool json = cli_args_has(args, "json");
        char *const *pos = args->pos;

and prints the options for the command's row in src/cli.c's table (placeholders and help are
left to fill in: the old usage string has the placeholders). Declarations it cannot rewrite
(an option bound to a struct field, a default value) are reported; edit those by hand as
cmd_client_set and cmd_retainer_set show. Delete this file once no branch needs it."""
import re
import sys

DECL = re.compile(r'^    (const char \*|bool )(.*);$')
HEAD = re.compile(r'int (cmd_\w+)\(tk_app \*app, int argc, char \*\*argv\)\n\{\n')
PARSE = re.compile(r'( *int rc = )?cli_parse\((".*?"),.*?, (\d+), (\d+), &npos, (NULL|&\w+), '
                   r'(NULL|&\w+)\);\n', re.S)


def convert(src, path):
    out, at = [], 0
    for m in HEAD.finditer(src):
        out.append(src[at:m.start()])
        p = PARSE.search(src, m.end())
        after = p.end()
        tail = '    if (rc)\n        return rc;\n'
        if src.startswith(tail, after):
            after += len(tail)
        pre = src[m.end():p.start()]
        body = src[after:src.index('\n}\n', after)]
        binds, row = {}, []
        for name, letter, var, flag in re.findall(
                r'\{ "([a-z-]+)", (0|\'.\'), (?:&([\w.()]+), NULL|NULL, &([\w.()]+)) \}', pre):
            binds[var or flag] = ('get' if var else 'has', name)
            value = '"VALUE"' if var else 'NULL'
            row.append(f'OPT("{name}", {letter}, {value}, "TODO")')
        pre = re.sub(r' *cli_opt opts\[\] = \{.*?\{ 0 \} \};\n', '', pre, flags=re.S)
        new = []
        for line in pre.split('\n'):
            if re.match(r'^    (char \*pos\[\d\](, \*\*\w+)?|int npos(, \w+)?);$', line):
                continue
            d = DECL.match(line)
            items = [x.strip() for x in d.group(2).split(',')] if d else []
            names = [re.sub(r'^\*?(\w+).*$', r'\1', x) for x in items]
            if d and all(n in binds and x.endswith(('NULL', 'false')) for n, x in zip(names, items)):
                star = '*' if d.group(1).startswith('const') else ''
                pad = ' ' * (4 + len(d.group(1)) - len(star))
                parts = []
                for n in names:
                    kind, opt = binds.pop(n)
                    parts.append(f'{n} = cli_args_{kind}(args, "{opt}")')
                new.append('    ' + d.group(1) + parts[0] +
                           ''.join(f',\n{pad}{star}{q}' for q in parts[1:]) + ';')
                continue
            new.append(line)
        extra = []
        if re.search(r'\bpos\b', body):
            extra.append('    char *const *pos = args->pos;')
        if re.search(r'\bnpos\b', body):
            extra.append('    int npos = args->npos;')
        rest = p.group(5)
        if rest != 'NULL':
            extra.append(f'    char **{rest[1:]} = args->rest;\n    int {p.group(6)[1:]} = args->nrest;')
        if re.search(r'\brc\b', body) and not re.search(r'\bint rc\b', body):
            extra.append('    int rc = 0;')
        if 'args' not in '\n'.join(new + extra):
            extra.insert(0, '    (void)args;')
        for var, (kind, name) in binds.items():
            print(f'{path}: {m.group(1)}: set {var} from cli_args_{kind}(args, "{name}") by hand',
                  file=sys.stderr)
        print(f'{path}: {m.group(1)} ({p.group(2)}, {p.group(3)}..{p.group(4)} positionals'
              f'{", -- rest" if rest != "NULL" else ""}): .opts = {{ {", ".join(row)} }}')
        out.append(f'int {m.group(1)}(tk_app *app, const cli_args *args)\n{{\n' +
                   '\n'.join(new) + '\n'.join(extra) + ('\n' if extra else ''))
        at = after
    out.append(src[at:])
    return ''.join(out)


for path in sys.argv[1:]:
    with open(path) as f:
        src = f.read()
    new = convert(src, path)
    if new != src:
        with open(path, 'w') as f:
            f.write(new)
