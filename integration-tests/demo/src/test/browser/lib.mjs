// What the browser checks of the demo share: launching the system Chromium, bounded waits in a page, and the run
// of a check script (one line per passed check; exit 1 on a failed check, 2 on the overall timeout).
import { chromium } from 'playwright-core';

export const STEP_TIMEOUT_MS = 15_000;

export class CheckFailure extends Error {
}

export function passed(what) {
    console.log(`ok - ${what}`);
}

const pageErrors = [];
const consoleLines = [];
let browser;

export async function launchBrowser() {
    browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        headless: true,
        timeout: STEP_TIMEOUT_MS,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return browser;
}

// Opens `url` in a new page of `context`, recording its uncaught errors and console lines under `name`.
export async function openPage(context, url, name) {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
    page.on('console', (msg) => consoleLines.push(`${name} console.${msg.type()}: ${msg.text()}`));
    await goto(page, url, name);
    return page;
}

export async function goto(page, url, name) {
    const response = await page.goto(url, { timeout: STEP_TIMEOUT_MS });
    if (!response || !response.ok()) {
        throw new CheckFailure(`${name}: GET ${url} answered ${response ? response.status() : 'nothing'}`);
    }
}

// Waits for predicate(arg) to hold in the page; on timeout, fails with `message` and what describe(arg) reports.
export async function waitInPage(page, message, predicate, arg, describe, timeout = STEP_TIMEOUT_MS) {
    try {
        return await page.waitForFunction(predicate, arg, { timeout, polling: 100 });
    } catch (e) {
        let state = '';
        if (describe) {
            try {
                state = ` (found: ${JSON.stringify(await page.evaluate(describe, arg))})`;
            } catch (ignored) {
                // the page is gone; the original error says more
            }
        }
        throw new CheckFailure(`${message}${state}: ${e.message.split('\n')[0]}`);
    }
}

// The state of one of the page's streams: #status (main) or #private-status.
export const stateOf = (id) => {
    const element = document.getElementById(id);
    return { text: element.textContent, readyState: element.dataset.readyState };
};

// Waits until the element `id` shows a state whose text starts with `prefix` (and, if given, readyState).
export async function waitForState(page, name, id, prefix, readyState, timeout = STEP_TIMEOUT_MS) {
    await waitInPage(page, `${name}: #${id} did not become '${prefix}...'${readyState === undefined ? '' : ` (readyState ${readyState})`}`,
            ([id, prefix, readyState]) => {
                const element = document.getElementById(id);
                return element.textContent.startsWith(prefix)
                        && (readyState === null || element.dataset.readyState === String(readyState));
            }, [id, prefix, readyState === undefined ? null : readyState], ([id]) => {
                const element = document.getElementById(id);
                return { text: element.textContent, readyState: element.dataset.readyState };
            }, timeout);
}

// The chat messages a page shows, in order.
export const chatOf = () => [...document.querySelectorAll('#messages li.message')].map((li) => ({
    id: Number(li.dataset.id),
    author: li.querySelector('span.author')?.textContent,
    text: li.querySelector('span.text')?.textContent,
}));

export async function post(url, body, contentType, timeout = STEP_TIMEOUT_MS) {
    const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': contentType },
        body,
        signal: AbortSignal.timeout(timeout),
    });
    if (!response.ok) {
        throw new CheckFailure(`POST ${url} answered ${response.status}: ${await response.text()}`);
    }
    return response;
}

export function noPageErrors() {
    if (pageErrors.length > 0) {
        throw new CheckFailure(`uncaught errors in the page:\n  ${pageErrors.join('\n  ')}`);
    }
    passed('no uncaught page errors');
}

// Runs main() within overallMs, prints the outcome, closes the browser and exits with 0, 1 (a check failed) or 2.
export async function run(main, overallMs) {
    const overall = setTimeout(() => {
        console.error(`FAIL: the browser test did not finish within ${overallMs / 1000} s`);
        // Playwright kills the browser it launched when this process exits
        process.exit(2);
    }, overallMs);
    let exitCode = 0;
    try {
        await main();
        console.log('all browser checks passed');
    } catch (e) {
        exitCode = 1;
        console.error(`FAIL: ${e instanceof CheckFailure ? e.message : e.stack}`);
        if (consoleLines.length > 0) {
            console.error(`browser console (last 30 lines):\n  ${consoleLines.slice(-30).join('\n  ')}`);
        }
    } finally {
        if (browser) {
            await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
        }
        clearTimeout(overall);
    }
    process.exit(exitCode);
}
