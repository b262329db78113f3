// bench/duckdb_peer.mjs - the benchmark's analysis in DuckDB (npm package
// @duckdb/node-api), the engine a data engineer would pick, on every core.
//
// usage: node duckdb_peer.mjs --load FILE.csv DB.duckdb
//        node duckdb_peer.mjs FILE.csv|DB.duckdb u|w OUT.csv
//
// --load makes DuckDB's own store once (table t, typed columns; not timed
// by bench.py). The analysis then reads either that store (the match for
// `kysely analyze`, which reads its own) or the CSV (the whole job, as R
// and pandas do). It writes what bench/bench.py compares, in the columns
// of ../shared/bench/r_base.R (N is n_base: DuckDB names ignore case):
// analysis, variable, group, level, n, n_base,
// estimate, se, lower, upper. For q01..q30 the share of each level with a
// Wilson interval, overall and by profession; for years and hours the mean;
// for m1..m5 the share choosing each option; with 'w' the same weighted by
// `weight` (linearisation standard errors, as R survey's svymean).
// DuckDB has no t quantile: the means' and the weighted shares' intervals
// use the normal one (1.96; the groups have thousands of respondents).
//
// Run it from a folder where `npm install @duckdb/node-api` was done: an
// ES module finds its packages beside the script (bench.py copies it there).
import { DuckDBInstance } from '@duckdb/node-api';

const Z = 1.959963984540054;
const QS = Array.from({ length: 30 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);
const MS = [1, 2, 3, 4, 5].map((i) => `m${i}`);

// Text of a file name inside SQL: the bench's own paths, quotes doubled.
const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;

const readCsv = (file) => `read_csv(${lit(file)}, header = true, nullstr = '',
  types = {'years': 'DOUBLE', 'hours': 'DOUBLE', 'weight': 'DOUBLE', 'profession': 'VARCHAR',
           ${[...QS, ...MS].map((q) => `'${q}': 'VARCHAR'`).join(', ')}})`;

async function load(csv, store) {
  const db = await DuckDBInstance.create(store);
  const c = await db.connect();
  await c.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM ${readCsv(csv)}`);
  await c.run('CHECKPOINT');
}

// Shares of the select_one answers, per profession and overall, one pass.
function sharesSql(weighted) {
  const sums = weighted ? ', sum(weight) AS sw, sum(weight * weight) AS sw2' : '';
  const tots = weighted ? `, sum(sw) OVER w AS W, sum(sw2) OVER w AS S2` : '';
  const p = 'x / nt';
  let sql = `WITH cells AS (
      SELECT q, coalesce(profession, '(all)') AS g, v, count(*)::DOUBLE AS x${sums}
      FROM (UNPIVOT t ON ${QS.join(', ')} INTO NAME q VALUE v)
      GROUP BY GROUPING SETS ((q, profession, v), (q, v))),
    tot AS (SELECT *, sum(x) OVER w AS nt${tots} FROM cells WINDOW w AS (PARTITION BY q, g))
    SELECT 'share' AS analysis, q AS variable, g AS "group", v AS level, x::BIGINT AS n, nt::BIGINT AS n_base,
      ${p} AS estimate, sqrt(${p} * (1 - ${p}) / nt) AS se,
      ((${p} + ${Z * Z} / (2 * nt)) - ${Z} * sqrt(${p} * (1 - ${p}) / nt + ${Z * Z} / (4 * nt * nt))) / (1 + ${Z * Z} / nt) AS lower,
      ((${p} + ${Z * Z} / (2 * nt)) + ${Z} * sqrt(${p} * (1 - ${p}) / nt + ${Z * Z} / (4 * nt * nt))) / (1 + ${Z * Z} / nt) AS upper
    FROM tot`;
  if (weighted)
    sql += ` UNION ALL SELECT 'wshare', q, g, v, x, nt, pw, sew, lgt(pw, sew, -1), lgt(pw, sew, 1) FROM (
      SELECT *, sw / W AS pw,
        sqrt(nall / (nall - 1) * ((1 - sw / W) ^ 2 * sw2 + (sw / W) ^ 2 * (S2 - sw2))) / W AS sew
      FROM tot, (SELECT count(*)::DOUBLE AS nall FROM t))`;
  return sql;
}

// Means of years and hours, per profession and overall.
function meansSql(weighted) {
  const parts = [];
  for (const x of ['years', 'hours']) {
    const base = `FROM t GROUP BY GROUPING SETS ((profession), ())`;
    parts.push(`SELECT 'mean', '${x}', coalesce(profession, '(all)'), '', count(${x}), count(${x}),
      avg(${x}), stddev_samp(${x}) / sqrt(count(${x})),
      avg(${x}) - ${Z} * stddev_samp(${x}) / sqrt(count(${x})),
      avg(${x}) + ${Z} * stddev_samp(${x}) / sqrt(count(${x})) ${base}`);
    if (weighted)
      // sum of w^2 (v - m)^2 expanded, m the weighted mean of the group
      parts.push(`SELECT 'wmean', '${x}', g, '', k, k, m, se, m - ${Z} * se, m + ${Z} * se FROM (
        SELECT *, sqrt(nall / (nall - 1) * (s22 - 2 * m * s21 + m * m * s20)) / W AS se FROM (
          SELECT coalesce(profession, '(all)') AS g, count(${x}) AS k,
            sum(weight) FILTER (WHERE ${x} IS NOT NULL) AS W,
            sum(weight * ${x}) / sum(weight) FILTER (WHERE ${x} IS NOT NULL) AS m,
            sum(weight * weight) FILTER (WHERE ${x} IS NOT NULL) AS s20,
            sum(weight * weight * ${x}) AS s21, sum(weight * weight * ${x} * ${x}) AS s22
          ${base}), (SELECT count(*)::DOUBLE AS nall FROM t))`);
  }
  return parts.join(' UNION ALL ');
}

// Options of the select_multiple answers: the share of those who answered.
function optionsSql(weighted) {
  const sums = weighted ? ', sum(weight) AS sw, sum(weight * weight) AS sw2' : '';
  let sql = `WITH ans AS (SELECT q, v, weight FROM (UNPIVOT t ON ${MS.join(', ')} INTO NAME q VALUE v)),
    tot AS (SELECT q, count(*)::DOUBLE AS nt${sums.replaceAll('sw', 'S')} FROM ans GROUP BY q),
    opt AS (SELECT q, o, count(*)::DOUBLE AS x${sums} FROM (
      SELECT q, unnest(string_split(v, ' ')) AS o, weight FROM ans) GROUP BY q, o),
    j AS (SELECT * FROM opt JOIN tot USING (q))
    SELECT 'option', q, '(all)', o, x, nt, x / nt, sqrt(x / nt * (1 - x / nt) / nt),
      NULL::DOUBLE, NULL::DOUBLE FROM j`;
  if (weighted)
    sql += ` UNION ALL SELECT 'woption', q, '(all)', o, x, nt, pw, sew, lgt(pw, sew, -1), lgt(pw, sew, 1) FROM (
      SELECT *, sw / S AS pw,
        sqrt(nall / (nall - 1) * ((1 - sw / S) ^ 2 * sw2 + (sw / S) ^ 2 * (S2 - sw2))) / S AS sew
      FROM j, (SELECT count(*)::DOUBLE AS nall FROM t))`;
  return sql;
}

async function analyse(src, mode, out) {
  const fromStore = src.endsWith('.duckdb');
  const weighted = mode === 'w';
  const db = await DuckDBInstance.create(fromStore ? src : ':memory:',
    fromStore ? { access_mode: 'READ_ONLY' } : {});
  const c = await db.connect();
  if (!fromStore)
    await c.run(`CREATE TEMP TABLE t AS SELECT * FROM ${readCsv(src)}`);
  // the logit interval of a share, as svyciprop's (normal quantile)
  await c.run(`CREATE TEMP MACRO lgt(p, se, sign) AS
    1 / (1 + exp(-(ln(p / (1 - p)) + sign * ${Z} * se / (p * (1 - p)))))`);
  const sql = [sharesSql(weighted), meansSql(weighted), optionsSql(weighted)]
    .map((s) => `(${s})`).join(' UNION ALL ');
  await c.run(`COPY (${sql}) TO ${lit(out)} (HEADER)`);
}

const args = process.argv.slice(2);
if (args[0] === '--load' && args.length === 3) {
  await load(args[1], args[2]);
} else if (args.length === 3 && (args[1] === 'u' || args[1] === 'w')) {
  await analyse(args[0], args[1], args[2]);
} else {
  console.error('usage: node duckdb_peer.mjs --load FILE.csv DB.duckdb\n' +
    '       node duckdb_peer.mjs FILE.csv|DB.duckdb u|w OUT.csv');
  process.exit(2);
}
