// check.js PAGE.html... - runs axe-core (every WCAG 2.0/2.1 A and AA rule
// and the best practices) on each report page in Debian's Chromium,
// driven by puppeteer-core; prints the violations and exits 1 when there
// is any. The page itself has no script: axe is added by this test.
'use strict';
const path = require('path');
const puppeteer = require('puppeteer-core');
const axePath = require.resolve('axe-core/axe.min.js');

async function main() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let violations = 0;
  try {
    for (const file of process.argv.slice(2)) {
      const page = await browser.newPage();
      const requests = [];
      page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
      await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        return await axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
          resultTypes: ['violations'],
        });
      });
      for (const v of result.violations) {
        violations++;
        console.log(`${file}: ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 3))
          console.log(`    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`);
      }
      if (requests.length) {
        violations++;
        console.log(`${file}: the page requested ${requests.slice(0, 3).join(', ')}`);
      }
      console.log(`${file}: ${result.violations.length} violations, ${result.passes ? result.passes.length : 'n/a'} rules passed`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.exit(violations ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
