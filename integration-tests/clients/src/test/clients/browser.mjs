// A browser client in the Chromium that ClientMatrixIT started (reached over CDP): one new context per run, a page of
// the static origin, and the library's stream on the application's origin.
// Usage: browser.mjs <url> <types>; environment: MATRIX_CDP (the browser's WebSocket), MATRIX_PAGE (the page's URL),
// MATRIX_LIB (native | eventstream (the extension's client, from the application) | reconnecting-eventsource |
// fetch-event-source | fetch-event-source-recipe).
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [url, types] = process.argv.slice(2);
const lib = process.env.MATRIX_LIB;
const out = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const browser = await chromium.connectOverCDP(process.env.MATRIX_CDP);
const pkg = lib.replace(/-recipe$/, '');
const version = lib === 'native'
    ? browser.version()
    : lib === 'eventstream'
    ? 'this build'
    : JSON.parse(readFileSync(new URL(`./node_modules/${pkg === 'fetch-event-source' ? '@microsoft/' : ''}${pkg}/package.json`,
        import.meta.url))).version;
out({ t: 'client', name: lib, version });
const context = await browser.newContext();
const page = await context.newPage();
await page.exposeFunction('report', out);
page.on('pageerror', (error) => out({ t: 'log', message: String(error) }));
await page.goto(process.env.MATRIX_PAGE);
await page.evaluate(([l, u, t]) => window.startClient(l, u, t), [lib, url, types.split(',')]);

const stop = async () => {
    await context.close().catch(() => {});
    process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
