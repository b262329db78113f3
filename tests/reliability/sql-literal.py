#!/usr/bin/env python3
"""sql-literal.py DIR... - fails (exit 1) when C code under DIR may build SQL
text at run time instead of binding parameters:

- any SQLite formatting call (sqlite3_mprintf, sqlite3_vmprintf,
  sqlite3_snprintf, sqlite3_str_appendf, sqlite3_str_vappendf);
- printf-style formatting or concatenation (sprintf, snprintf, asprintf,
  ky_asprintf, strcat, strncat, memcpy of a literal) of text that looks like
  SQL (a statement keyword followed by SQL words);
- a sqlite3_prepare*/sqlite3_exec whose SQL argument is not a string
  literal, an element of a `static const char *const NAME[]` table made of
  literals only, or a `const char *` parameter of a static function whose
  every call passes a literal.
Prints each finding as FILE:LINE: what."""
import re
import sys
from pathlib import Path

SQL_WORDS = re.compile(r'\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|REPLACE|ATTACH)\b'
                       r'[^"]*\b(FROM|INTO|SET|TABLE|INDEX|WHERE|VALUES|=|DATABASE)\b|'
                       r'\b(WHERE|ORDER BY|GROUP BY|VALUES)\b')
SQLITE_FORMAT = re.compile(r'\bsqlite3_(v?mprintf|snprintf|vsnprintf|str_v?appendf)\s*\(')
FORMATTERS = re.compile(r'\b(v?sn?printf|v?asprintf|ky_v?asprintf|strn?cat|stpcpy|strcpy)\s*\(')
SQL_BUILT = re.compile(r'sql_text\s*\(\s*&?\s*\w+\s*\)')
SQL_LIT = re.compile(r'\bsql_lit\s*\(')
SQL_CALL = re.compile(r'\bsqlite3_(prepare(?:_v2|_v3|16(?:_v2|_v3)?)?|exec)\s*\(')


def strip_comments(text):
    """Blanks comments (keeping newlines and string literals)."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif text[i] in '"\'':
            q, j = text[i], i + 1
            while j < n and text[j] != q:
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return ''.join(out)


def call_args(text, start):
    """The top-level arguments of the call whose '(' is at start."""
    depth, args, cur, i = 0, [], [], start
    while i < len(text):
        c = text[i]
        if c in '"\'':
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in '([{':
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append(''.join(cur).strip())
                return args
        elif c == ',' and depth == 1:
            args.append(''.join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return args


def is_literal(arg):
    return re.fullmatch(r'("([^"\\]|\\.)*"\s*)+', arg) is not None


def literal_tables(text):
    """Names of `static const char *const NAME[] = { literals }`."""
    names = set()
    for m in re.finditer(r'static\s+const\s+char\s*\*\s*const\s+(\w+)\s*\[[^\]]*\]\s*=\s*\{', text):
        body = call_args(text, m.end() - 1)
        items = [a for a in body if a]
        if all(is_literal(re.sub(r'^\[\s*\w+\s*\]\s*=\s*', '', a)) for a in items):
            names.add(m.group(1))
    return names


def literal_params(text):
    """(function, parameter index) of static functions whose every call
    passes a literal at that position."""
    safe = {}
    for m in re.finditer(r'static\s+[\w\s\*]+?\b(\w+)\s*\(([^)]*)\)\s*\{', text):
        fn, params = m.group(1), [p.strip() for p in m.group(2).split(',')]
        for idx, p in enumerate(params):
            pm = re.fullmatch(r'const\s+char\s*\*\s*(\w+)', p)
            if not pm:
                continue
            calls = [c for c in re.finditer(r'\b%s\s*\(' % fn, text) if c.start() != m.start(1)]
            if calls and all(len(a) > idx and is_literal(a[idx])
                             for a in (call_args(text, c.end() - 1) for c in calls)):
                safe.setdefault(fn, set()).add(pm.group(1))
    return safe


def enclosing_function(text, pos):
    best = None
    for m in re.finditer(r'\b(\w+)\s*\([^;{]*\)\s*\{', text[:pos]):
        best = m.group(1)
    return best


def check(path):
    raw = path.read_text(errors='replace')
    text = strip_comments(raw)
    line = lambda pos: text.count('\n', 0, pos) + 1
    found = []
    for m in SQLITE_FORMAT.finditer(text):
        found.append((line(m.start()), f'{m.group(0).rstrip("( ")}: SQLite text formatting'))
    for m in FORMATTERS.finditer(text):
        args = call_args(text, m.end() - 1)
        if any(re.search(r'"', a) and SQL_WORDS.search(a) for a in args):
            found.append((line(m.start()), f'{m.group(1)} of SQL text'))
    tables, params = literal_tables(text), literal_params(text)
    for m in SQL_CALL.finditer(text):
        args = call_args(text, m.end() - 1)
        if len(args) < 2:
            continue
        sql = args[1]
        if is_literal(sql) or SQL_BUILT.fullmatch(sql):
            continue
        tm = re.fullmatch(r'(\w+)\s*\[[^\]]*\]', sql)
        if tm and tm.group(1) in tables:
            continue
        if re.fullmatch(r'\w+', sql) and sql in params.get(enclosing_function(text, m.start()), ()):
            continue
        found.append((line(m.start()), f'sqlite3_{m.group(1)} of SQL that is not constant text: {sql}'))
    for m in SQL_LIT.finditer(text):
        args = call_args(text, m.end() - 1)
        if args and args[0].startswith('struct'):
            continue   # its declaration or definition
        if len(args) < 2 or not is_literal(args[1]):
            found.append((line(m.start()), 'sql_lit of text that is not a string literal'))
    return [f'{path}:{ln}: {what}' for ln, what in sorted(found)]


def main():
    findings = []
    for d in sys.argv[1:]:
        for p in sorted(Path(d).rglob('*.[ch]')):
            findings += check(p)
    for f in findings:
        print(f)
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main())
