// Real-browser check of the extension's browser client on the demo page, against the packaged demo application that
// DemoBrowserIT starts, stops and restarts on request (a line `@@control <command>` on this script's output, answered
// with `ok` or `fail <why>` on its input), and an nginx in front of it that answers 502 while the application is down.
//
// Usage: node demo-resilience.mjs <base url of the application> <base url of nginx in front of it>
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and `npm ci` in this folder.
import readline from 'node:readline';

import {
    CheckFailure, STEP_TIMEOUT_MS, chatOf, goto, launchBrowser, noPageErrors, openPage, passed, post, run,
    waitForState, waitInPage,
} from './lib.mjs';

const [appBase, proxyBase] = process.argv.slice(2);
if (!appBase || !proxyBase) {
    console.error('usage: node demo-resilience.mjs <application base url> <nginx base url>');
    process.exit(1);
}
const app = (path) => new URL(path, appBase).toString();
const proxied = (path) => new URL(path, proxyBase).toString();

// how long the test may take to stop or start the application (a JVM start on a busy machine)
const CONTROL_TIMEOUT_MS = 90_000;
// how long a stream may take to come back once the application is up again (the page's backoff is at most 5 s)
const RESUME_TIMEOUT_MS = 30_000;
// how long a client that stopped is watched for further requests
const QUIET_MS = 3_000;
// the page's sessionStorage key of the client's cursor (demo.js)
const CURSOR_KEY = 'eventstream-demo.cursor';

const answers = [];
let answered = null;
readline.createInterface({ input: process.stdin }).on('line', (line) => {
    answers.push(line);
    if (answered) {
        answered();
    }
});

// Asks the test to do `command` to the application and waits for its answer.
async function control(command) {
    console.log(`@@control ${command}`);
    const deadline = Date.now() + CONTROL_TIMEOUT_MS;
    while (answers.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) {
            throw new CheckFailure(`the test did not answer '${command}' within ${CONTROL_TIMEOUT_MS / 1000} s`);
        }
        await new Promise((resolve) => {
            answered = resolve;
            setTimeout(resolve, left);
        });
        answered = null;
    }
    const answer = answers.shift();
    if (answer !== 'ok') {
        throw new CheckFailure(`the test could not '${command}': ${answer}`);
    }
}

let counter = 0;

// Posts a chat message and returns the text it was given (unique within this run).
async function say(label) {
    const text = `${label} #${++counter}`;
    await post(app('/demo/messages'), JSON.stringify({ author: 'test', text }), 'application/json');
    return text;
}

// Waits until the page shows exactly `texts` as its chat (in this order, each once).
async function waitForChat(page, name, texts, what, timeout = STEP_TIMEOUT_MS) {
    await waitInPage(page, `${name}: ${what}: the chat is not exactly ${JSON.stringify(texts)}`,
            (want) => {
                const shown = [...document.querySelectorAll('#messages li.message span.text')].map((s) => s.textContent);
                return shown.length === want.length && shown.every((text, i) => text === want[i]);
            }, texts, () => [...document.querySelectorAll('#messages li.message span.text')].map((s) => s.textContent),
            timeout);
}

// Records the requests a browser context makes for the stream URL `path`, and the statuses of their responses.
function recordStream(context, path) {
    const record = { requests: [], statuses: [] };
    const matches = (url) => {
        const parsed = new URL(url);
        return parsed.pathname + parsed.search === path;
    };
    context.on('request', (request) => {
        if (matches(request.url())) {
            record.requests.push(request);
        }
    });
    context.on('response', (response) => {
        if (matches(response.url())) {
            record.statuses.push(response.status());
        }
    });
    return record;
}

// Checks that the private stream stopped after a refusal with `status`, and makes no further request.
async function checkRefused(page, record, status, label) {
    const requests = record.requests;
    await waitForState(page, 'page A', 'private-status', `closed: HTTP ${status}`, 2);
    const stopped = await page.evaluate(() => ({
        readyState: window.demo.privateStream.readyState,
        text: document.getElementById('private-status').textContent,
    }));
    if (stopped.readyState !== 2) {
        throw new CheckFailure(`page A: the private client's readyState is ${stopped.readyState} after ${status}`);
    }
    const count = requests.length;
    // an observation window, not a synchronisation: a client that retried would send a request within 0.5-1 s
    await page.waitForTimeout(QUIET_MS);
    if (requests.length !== count) {
        throw new CheckFailure(`page A: the private client sent ${requests.length - count} more request(s) after ${status}`);
    }
    passed(`${label}: '${stopped.text}', readyState CLOSED, no request in the ${QUIET_MS / 1000} s after (${count} in all)`);
}

async function main() {
    const browser = await launchBrowser();
    const contextA = await browser.newContext();
    const privateStream = recordStream(contextA, '/events?channel=private');
    const mainStream = recordStream(contextA, '/events?channel=chat&channel=clock');
    const mainRequests = mainStream.requests;
    const pageA = await openPage(contextA, app('/'), 'page A');
    const expected = [];

    // 1. typed events: the tick listener moves the clock, the message listener shows chat, the note listener logs
    await waitForState(pageA, 'page A', 'status', 'live', 1);
    const clock = await pageA.evaluate(() => document.getElementById('clock').textContent);
    await waitInPage(pageA, 'page A: no tick event moved #clock', (before) =>
            document.getElementById('clock').textContent !== before, clock);
    expected.push(await say('typed'));
    await waitForChat(pageA, 'page A', expected, 'a chat message');
    const note = `note ${Date.now()}`;
    await post(app('/demo/publish/chat?type=note'), note, 'text/plain');
    await waitInPage(pageA, 'page A: the note event is not in #log', (want) =>
            [...document.querySelectorAll('#log li')].some((li) => li.textContent.endsWith(`  note  ${want}`)), note);
    const rendered = await pageA.evaluate(() => document.body.dataset.cursor);
    const first = mainRequests[0];
    if (!first || first.headers()['last-event-id'] !== rendered) {
        throw new CheckFailure(`page A: the first stream request sent Last-Event-ID '${first?.headers()['last-event-id']}',`
                + ` not the rendered cursor '${rendered}'`);
    }
    passed(`1. typed events tick, message and note arrived; the first request sent the rendered cursor ${rendered}`);

    // 2. the private stream with the token: the Authorization header goes out, the channel streams
    await pageA.selectOption('#token', 'demo-token');
    await pageA.click('#private-connect button[type=submit]');
    await waitForState(pageA, 'page A', 'private-status', 'live', 1);
    const sent = await privateStream.requests[privateStream.requests.length - 1].allHeaders();
    if (sent.authorization !== 'Bearer demo-token') {
        throw new CheckFailure(`page A: the private stream request carried Authorization '${sent.authorization}'`);
    }
    const secret = `secret ${Date.now()}`;
    await post(app('/demo/publish/private?type=secret'), secret, 'text/plain');
    await waitInPage(pageA, 'page A: the secret did not arrive', (want) =>
            [...document.querySelectorAll('#secrets li')].some((li) => li.textContent === want), secret);
    passed('2. the private stream sent Authorization: Bearer demo-token and received a secret event');

    // 3. without a token: 401, the client stops; another user's token: 403, the client stops
    await pageA.selectOption('#token', '');
    await pageA.click('#private-connect button[type=submit]');
    await checkRefused(pageA, privateStream, 401, '3a. no token');
    await pageA.selectOption('#token', 'guest-token');
    await pageA.click('#private-connect button[type=submit]');
    await checkRefused(pageA, privateStream, 403, '3b. guest-token');

    // 4. reload: what was shown comes back, what was published while away arrives, each once, in order
    expected.push(await say('before the reload'));
    expected.push(await say('before the reload'));
    await waitForChat(pageA, 'page A', expected, 'before leaving');
    // away: a page of the same origin without the client, where the stored cursor can be read once it stopped moving
    await goto(pageA, app('/demo/messages'), 'page A');
    const cursorBefore = await pageA.evaluate((key) => sessionStorage.getItem(key), CURSOR_KEY);
    expected.push(await say('while away'));
    expected.push(await say('while away'));
    const requestsBefore = mainRequests.length;
    await goto(pageA, app('/'), 'page A');
    await waitForChat(pageA, 'page A', expected, 'after coming back');
    const resumedWith = mainRequests[requestsBefore]?.headers()['last-event-id'];
    if (resumedWith !== cursorBefore) {
        throw new CheckFailure(`page A: after the reload the stream sent Last-Event-ID '${resumedWith}', not the cursor`
                + ` of before, '${cursorBefore}'`);
    }
    passed(`4. after leaving and coming back the chat is ${expected.length} messages, once each, in order;`
            + ` the stream resumed from the stored cursor ${cursorBefore}`);

    // 5. server restart: messages published right before a kill and right after the restart, each once, in order
    await waitForState(pageA, 'page A', 'status', 'live', 1);
    expected.push(await say('right before the kill'));
    expected.push(await say('right before the kill'));
    await control('kill');
    await waitForState(pageA, 'page A', 'status', 'reconnecting', 0);
    await control('start');
    expected.push(await say('after the restart'));
    await waitForChat(pageA, 'page A', expected, 'after the restart', RESUME_TIMEOUT_MS);
    await waitForState(pageA, 'page A', 'status', 'live', 1);
    passed(`5. after a kill and a restart the chat is ${expected.length} messages, once each, in order`);

    // 6. through nginx: while the application is down nginx answers 502; the client keeps retrying, then resumes
    const contextB = await browser.newContext();
    const proxiedStream = recordStream(contextB, '/events?channel=chat&channel=clock');
    const pageB = await openPage(contextB, proxied('/'), 'page B');
    await waitForState(pageB, 'page B', 'status', 'live', 1);
    const statusesBeforeStop = proxiedStream.statuses.length;
    await control('stop');
    // polled in this script: the browser's responses are seen here, not in the page
    const badGateways = () => proxiedStream.statuses.slice(statusesBeforeStop).filter((status) => status === 502).length;
    for (const deadline = Date.now() + RESUME_TIMEOUT_MS; badGateways() < 2;) {
        if (Date.now() > deadline) {
            throw new CheckFailure(`page B: ${badGateways()} responses 502 within ${RESUME_TIMEOUT_MS / 1000} s of the stop`
                    + ` (statuses: ${proxiedStream.statuses.slice(statusesBeforeStop)})`);
        }
        await pageB.waitForTimeout(100);
    }
    await waitInPage(pageB, 'page B: the page does not show a failed attempt with HTTP 502 and readyState CONNECTING',
            () => /^reconnecting \(attempt \d+, HTTP 502/.test(document.getElementById('status').textContent)
                    && document.getElementById('status').dataset.readyState === '0',
            undefined, () => document.getElementById('status').textContent);
    const retrying = await pageB.evaluate(() => document.getElementById('status').textContent);
    await control('start');
    const viaProxy = await say('through the proxy');
    expected.push(viaProxy);
    await waitForState(pageB, 'page B', 'status', 'live', 1, RESUME_TIMEOUT_MS);
    await waitInPage(pageB, 'page B: the message published after the restart did not arrive through nginx', (want) =>
            [...document.querySelectorAll('#messages li.message span.text')].filter((s) => s.textContent === want)
                    .length === 1, viaProxy, chatOf, RESUME_TIMEOUT_MS);
    await waitForChat(pageA, 'page A', expected, 'after the second restart', RESUME_TIMEOUT_MS);
    passed(`6. through nginx: ${badGateways()} answers 502 while the application was down, the page showed '${retrying}'`
            + ' (readyState CONNECTING), then live again and the next message arrived');

    // 7. a cursor the server cannot resume (another epoch): stream-reset, a notice, and the chat history reloaded
    const stale = (await pageA.evaluate(() => window.demo.stream.lastEventId)).replace(/^[^.]+/, 'stale0');
    // a page of the same origin without the client, to write the client's storage
    await goto(pageA, app('/demo/messages'), 'page A');
    await pageA.evaluate(([key, value]) => sessionStorage.setItem(key, value), [CURSOR_KEY, stale]);
    await goto(pageA, app('/'), 'page A');
    await waitInPage(pageA, 'page A: no visible reset notice with the chat history reloaded', () => {
        const notice = document.getElementById('reset');
        return !notice.hidden && notice.dataset.reloaded === 'true' && notice.textContent.includes('chat');
    }, undefined, () => document.getElementById('reset').outerHTML);
    await waitForChat(pageA, 'page A', expected, 'after the reset');
    expected.push(await say('after the reset'));
    await waitForChat(pageA, 'page A', expected, 'live after the reset');
    const notice = await pageA.evaluate(() => document.getElementById('reset').textContent);
    passed(`7. a cursor of another epoch (${stale}): notice '${notice}'; the chat is still once each, in order`);

    // 8. htmx: a fragment published with publishRaw is swapped in through the SSE extension
    await waitInPage(pageA, 'page A: htmx\'s EventSource did not open',
            () => document.getElementById('htmx').dataset.stream === 'open');
    const fragment = `fragment ${Date.now()}`;
    await post(app('/demo/fragments'), new URLSearchParams({ text: fragment }).toString(),
            'application/x-www-form-urlencoded');
    await waitInPage(pageA, 'page A: the fragment was not swapped into #fragments', (want) =>
            [...document.querySelectorAll('#fragments li.fragment')].some((li) => li.textContent.endsWith(` ${want}`)),
            fragment, () => document.getElementById('fragments').innerHTML);
    passed('8. htmx swapped in a fragment published with publishRaw');

    noPageErrors();
    // a picture of page A after the reset, to look at (target/demo-reset.png)
    await pageA.screenshot({ path: new URL('../../../target/demo-reset.png', import.meta.url).pathname, fullPage: true });
}

await run(main, 300_000);
