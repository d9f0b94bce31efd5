// Audits the main page types of a built milnik site with Lighthouse, served from this machine.
// Run by scripts/lighthouse, which installs the pinned packages of this folder first.
//
//   node tools/lighthouse/run.mjs [SITE_DIR]
//
// Without SITE_DIR the bundled site is built (`cargo run --release -- build`) into a temporary
// directory, with its base URL set to the local server's address so that canonical links, feeds
// and the sitemap point where the pages are really served. With SITE_DIR, a site built for the
// base path `/` is served as it is.
//
// Prints the four category scores of each page and exits with 1 when accessibility, best
// practices or SEO is below 100, or performance below 95, on any page, listing the audits that
// cost points. The JSON reports are written to target/lighthouse/.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Lowest acceptable score (0–100) of each category. */
const TARGETS = {
  performance: 95,
  accessibility: 100,
  'best-practices': 100,
  seo: 100,
};

/**
 * The page types of the bundled site: a fixed path, or the first page (in file-name order) one
 * level below a listing. The same list as OSTRAVA_PAGE_TYPES in tests/testsuite/web.rs, less the
 * 404 page: Lighthouse's SEO category fails any page answered with status 404 by design
 * (audit `http-status-code`), so auditing it says nothing about the site.
 */
const PAGE_TYPES = [
  ['home', { path: '' }],
  ['areas', { path: 'oblasti/' }],
  ['area', { firstUnder: 'oblasti/' }],
  ['measures', { path: 'opatreni/' }],
  ['measure', { firstUnder: 'opatreni/' }],
  ['indicators', { path: 'indikatory/' }],
  ['indicator', { firstUnder: 'indikatory/' }],
  ['waves', { path: 'vlny/' }],
  ['wave', { firstUnder: 'vlny/' }],
  ['funding', { path: 'financovani/' }],
  ['risks', { path: 'rizika/' }],
  ['timeline', { path: 'harmonogram/' }],
  ['articles', { path: 'clanky/' }],
  ['article', { firstUnder: 'clanky/' }],
  ['tags', { path: 'stitky/' }],
  ['tag', { firstUnder: 'stitky/' }],
  ['about the plan', { path: 'o-planu/' }],
  ['accessibility statement', { path: 'prohlaseni-o-pristupnosti/' }],
  ['search', { path: 'hledat/' }],
  ['open data downloads', { path: 'data/' }],
];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.atom': 'application/atom+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * A static host for `root`, as the site will have in production: `/x/` is `/x/index.html`, a
 * directory without its slash is redirected, a missing file is `404.html` with status 404, and
 * text is compressed with gzip when the browser accepts it, as every production host does.
 */
function serveStatic(root, request, response) {
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  } catch {
    response.writeHead(400);
    response.end();
    return;
  }
  const send = (status, file, headers = {}) => {
    if (!fs.existsSync(file)) {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found');
      return;
    }
    let body = fs.readFileSync(file);
    const type = CONTENT_TYPES[path.extname(file)] || 'application/octet-stream';
    const compress =
      /^(text\/|application\/(json|xml|atom)|image\/svg)/.test(type) &&
      /\bgzip\b/.test(request.headers['accept-encoding'] || '');
    if (compress) {
      body = zlib.gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    response.writeHead(status, {
      'Content-Type': type,
      'Content-Length': body.length,
      Vary: 'Accept-Encoding',
      ...headers,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  const file = path.join(root, urlPath);
  if (urlPath.split('/').includes('..') || !file.startsWith(root)) {
    send(404, path.join(root, '404.html'));
  } else if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    if (!urlPath.endsWith('/')) {
      response.writeHead(301, { Location: `${urlPath}/` });
      response.end();
    } else if (fs.existsSync(path.join(file, 'index.html'))) {
      send(200, path.join(file, 'index.html'));
    } else {
      send(404, path.join(root, '404.html'));
    }
  } else if (fs.existsSync(file)) {
    send(200, file);
  } else {
    send(404, path.join(root, '404.html'));
  }
}

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
function listFiles(dir, prefix = '') {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? listFiles(dir, `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

/** The site path of one page of each page type, found in the files of the build. */
function pagesOf(files) {
  return PAGE_TYPES.map(([kind, where]) => {
    if (where.path !== undefined) {
      if (!files.includes(`${where.path}index.html`)) {
        throw new Error(`page type ${kind}: the site has no ${where.path}index.html`);
      }
      return [kind, where.path];
    }
    const pattern = new RegExp(`^${where.firstUnder}([^/]+)/index\\.html$`);
    const match = files.map((file) => file.match(pattern)).find(Boolean);
    if (!match) {
      throw new Error(`page type ${kind}: the site has no page ${where.firstUnder}<slug>/`);
    }
    return [kind, `${where.firstUnder}${match[1]}/`];
  });
}

function pad(text, width) {
  return String(text).padEnd(width);
}

async function main() {
  const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
  let siteDir = process.argv[2] ? path.resolve(process.argv[2]) : null;
  let temporary = null;

  // The server starts first: the build needs its address. Requests come only once the site exists.
  let root = null;
  const server = http.createServer((request, response) => serveStatic(root, request, response));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  if (!siteDir) {
    temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'milnik-lighthouse-'));
    siteDir = path.join(temporary, 'site');
    const build = spawnSync(
      'cargo',
      ['run', '--release', '--locked', '--quiet', '--', 'build', '--color', 'never',
        '--output', siteDir, '--base-url', `${origin}/`],
      { cwd: repo, encoding: 'utf8' },
    );
    if (build.status !== 0) {
      process.stderr.write(build.stdout + build.stderr);
      throw new Error('building the site failed');
    }
  }
  siteDir = fs.realpathSync(siteDir);
  root = siteDir;

  const pages = pagesOf(listFiles(siteDir));
  const reportDir = path.join(repo, 'target', 'lighthouse');
  fs.mkdirSync(reportDir, { recursive: true });

  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  const failures = [];
  const categories = Object.keys(TARGETS);
  console.log(
    `Lighthouse ${lighthouseVersion()} (mobile, simulated throttling) on ${origin}/; ` +
      `targets: performance ≥ ${TARGETS.performance}, the others ${TARGETS.accessibility}\n`,
  );
  console.log(
    `${pad('page', 26)}${pad('path', 40)}${categories.map((c) => pad(c, 16)).join('')}`,
  );
  try {
    for (const [kind, sitePath] of pages) {
      const url = `${origin}/${sitePath}`;
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: categories,
      });
      const lhr = result.lhr;
      const slug = kind.replace(/[^a-z0-9]+/g, '-');
      fs.writeFileSync(path.join(reportDir, `${slug}.report.json`), result.report);
      if (lhr.runtimeError) {
        failures.push(`${kind}: Lighthouse could not audit ${url}: ${lhr.runtimeError.message}`);
      }
      const scores = categories.map((category) => {
        const score = lhr.categories[category].score;
        return score === null ? null : Math.round(score * 100);
      });
      console.log(
        `${pad(kind, 26)}${pad(`/${sitePath}`, 40)}${scores
          .map((score, i) => {
            const mark = score === null || score < TARGETS[categories[i]] ? ' ✗' : '';
            return pad(`${score ?? 'error'}${mark}`, 16);
          })
          .join('')}`,
      );
      categories.forEach((category, i) => {
        if (scores[i] !== null && scores[i] >= TARGETS[category]) {
          return;
        }
        const audits = lhr.categories[category].auditRefs
          .map((ref) => lhr.audits[ref.id])
          .filter(
            (audit) =>
              audit.score !== null &&
              audit.score < 1 &&
              !['informative', 'notApplicable', 'manual'].includes(audit.scoreDisplayMode),
          )
          .map((audit) => {
            const value = audit.displayValue ? ` (${audit.displayValue})` : '';
            const nodes = (audit.details?.items || [])
              .map((item) => item.node?.snippet)
              .filter(Boolean);
            const shown = nodes.slice(0, 3).map((snippet) => `\n        ${snippet}`).join('');
            const more = nodes.length > 3 ? `\n        … and ${nodes.length - 3} more` : '';
            return `    ${audit.id}: ${audit.title}${value} — score ${audit.score}${shown}${more}`;
          });
        failures.push(
          `${kind} /${sitePath}: ${category} ${scores[i] ?? 'error'} < ${TARGETS[category]}\n` +
            audits.join('\n'),
        );
      });
    }
  } finally {
    chrome.kill();
    server.close();
    if (temporary) {
      fs.rmSync(temporary, { recursive: true, force: true });
    }
  }
  console.log(`\nReports: ${path.relative(process.cwd(), reportDir)}/*.report.json`);
  if (failures.length > 0) {
    console.log(`\nBelow target:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

function lighthouseVersion() {
  const manifest = path.join(repo, 'tools', 'lighthouse', 'node_modules', 'lighthouse', 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(2);
});
