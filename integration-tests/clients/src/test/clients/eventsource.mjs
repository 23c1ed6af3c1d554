// npm "eventsource" in Node: the WHATWG EventSource API on fetch.
import { readFileSync } from 'node:fs';
import { EventSource } from 'eventsource';

const [url, types] = process.argv.slice(2);
const out = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const pkg = JSON.parse(readFileSync(new URL('./node_modules/eventsource/package.json', import.meta.url)));
out({ t: 'client', name: 'eventsource', version: pkg.version });

const source = new EventSource(url);
source.onopen = () => out({ t: 'open' });
source.onerror = (error) => {
    out({ t: 'error', status: error.code ?? null, message: error.message ?? null });
    if (source.readyState === EventSource.CLOSED) {
        out({ t: 'closed' });
    }
};
for (const type of types.split(',')) {
    source.addEventListener(type, (event) => out({ t: 'event', type, id: event.lastEventId, data: event.data }));
}
process.on('SIGTERM', () => {
    source.close();
    process.exit(0);
});
