// Real-browser end-to-end check of the demo page (demo-page.html and demo.js) against a running demo
// application, run by DemoPageBrowserTest: two pages go live, the clock ticks, a chat message and a raw event reach
// both, and a fragment posted through the htmx form is swapped into both.
//
// Usage: node demo-page.mjs <base url of the running demo application>
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and `npm ci` in this folder.
import {
    CheckFailure, chatOf, launchBrowser, noPageErrors, openPage, passed, post, run, waitForState, waitInPage,
} from './lib.mjs';

const base = process.argv[2];
if (!base) {
    console.error('usage: node demo-page.mjs <base url>');
    process.exit(1);
}
const url = (path) => new URL(path, base).toString();

async function main() {
    const browser = await launchBrowser();
    // one context per page: two independent browser sessions
    const page1 = await openPage(await browser.newContext(), url('/'), 'page 1');
    const page2 = await openPage(await browser.newContext(), url('/'), 'page 2');

    // a. both streams open
    await waitForState(page1, 'page 1', 'status', 'live', 1);
    await waitForState(page2, 'page 2', 'status', 'live', 1);
    passed('a. both pages show #status live');

    // b. the clock ticks: #clock changes twice, and the cursor follows
    const clockOf = () => document.getElementById('clock').textContent;
    let clock = await page1.evaluate(clockOf);
    const seen = [clock];
    for (let change = 1; change <= 2; change++) {
        await waitInPage(page1, `page 1: #clock did not change (change ${change}, still '${clock}')`,
                (previous) => document.getElementById('clock').textContent !== previous, clock, clockOf);
        clock = await page1.evaluate(clockOf);
        seen.push(clock);
    }
    if (Number.isNaN(Date.parse(clock))) {
        throw new CheckFailure(`page 1: #clock shows '${clock}', not a timestamp`);
    }
    const cursor = await page1.evaluate(() => document.getElementById('cursor').textContent);
    if (cursor !== await page1.evaluate(() => window.demo.stream.lastEventId)) {
        throw new CheckFailure(`page 1: #cursor shows '${cursor}', not the client's lastEventId`);
    }
    passed(`b. #clock changed twice on page 1: ${seen.map((s) => `'${s}'`).join(' -> ')}; #cursor is ${cursor}`);

    // c. a chat message sent from page 1 reaches both pages, rendered as text, last in the list
    const message = { author: 'ann', text: `<b>bold</b> & more ${Date.now()}` };
    await page1.fill('#author', message.author);
    await page1.fill('#text', message.text);
    await page1.click('#chat button[type=submit]');
    for (const [name, page] of [['page 1', page1], ['page 2', page2]]) {
        await waitInPage(page, `${name}: the message did not appear as the last li.message`,
                (want) => {
                    const items = document.querySelectorAll('#messages li.message');
                    const item = items[items.length - 1];
                    return item !== undefined && item.querySelector('span.author')?.textContent === want.author
                            && item.querySelector('span.text')?.textContent === want.text;
                }, message, chatOf);
        if (await page.evaluate(() => document.querySelectorAll('#messages b').length) !== 0) {
            throw new CheckFailure(`${name}: the message text was rendered as HTML`);
        }
    }
    await waitInPage(page1, 'page 1: the #text input was not cleared after sending',
            () => document.getElementById('text').value === '', undefined,
            () => document.getElementById('text').value);
    passed(`c. message ${JSON.stringify(message)} shown as text, last in both pages`);

    // d. a raw event published over HTTP shows in page 2's log
    const note = `note from the test ${Date.now()}`;
    await post(url('/demo/publish/chat?type=note'), note, 'text/plain');
    await waitInPage(page2, `page 2: #log has no 'note' entry with '${note}'`,
            (want) => [...document.querySelectorAll('#log li')].some((li) => li.textContent.endsWith(`  note  ${want}`)),
            note, () => [...document.querySelectorAll('#log li')].slice(0, 5).map((li) => li.textContent));
    passed('d. raw note event published with fetch shows in page 2 #log');

    // e. htmx: the form posts a fragment, the SSE extension swaps it into both pages, escaped
    for (const [name, page] of [['page 1', page1], ['page 2', page2]]) {
        await waitInPage(page, `${name}: htmx's EventSource did not open`,
                () => document.getElementById('htmx').dataset.stream === 'open');
    }
    const fragment = `fragment <i>${Date.now()}</i>`;
    await page2.fill('#htmx input[name=text]', fragment);
    await page2.click('#htmx button[type=submit]');
    for (const [name, page] of [['page 1', page1], ['page 2', page2]]) {
        await waitInPage(page, `${name}: #fragments has no li.fragment ending with '${fragment}'`,
                (want) => [...document.querySelectorAll('#fragments li.fragment')]
                        .some((li) => li.textContent.endsWith(` ${want}`) && li.querySelector('i') === null),
                fragment, () => document.getElementById('fragments').innerHTML);
    }
    passed('e. a fragment posted by the htmx form was swapped into #fragments of both pages, as text');

    // f. the private stream with the token, for the picture
    await page1.selectOption('#token', 'demo-token');
    await page1.click('#private-connect button[type=submit]');
    await waitForState(page1, 'page 1', 'private-status', 'live', 1);
    passed('f. the private stream of page 1 is live with Bearer demo-token');

    noPageErrors();
    // a picture of page 1, to look at (target/demo-page.png)
    await page1.screenshot({ path: new URL('../../../target/demo-page.png', import.meta.url).pathname, fullPage: true });
}

await run(main, 75_000);
