// The demo page's streams, on the extension's browser client. The server renders the page (demo-page.html, DemoPage)
// with the cursor of "now" in data-cursor; the client keeps its cursor in sessionStorage, and this page keeps the chat
// messages it has shown there too, so a reload shows them again and the stream resumes right after the last one.
import { EventStream } from '/eventstream/client.js';

const CURSOR_KEY = 'eventstream-demo.cursor';
const CHAT_KEY = 'eventstream-demo.chat';
const CHAT_LIMIT = 200;

const $ = (id) => document.getElementById(id);

function logEvent(type, data) {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()}  ${type}  ${data}`;
    $('log').prepend(item);
    while ($('log').children.length > 50) {
        $('log').lastChild.remove();
    }
}

// A stream's state as text: connecting / live / reconnecting (attempt n, why) / closed: why.
function showState(element, stream, attempt, error) {
    element.dataset.readyState = String(stream.readyState);
    if (stream.readyState === EventStream.OPEN) {
        element.textContent = 'live';
        element.className = 'live';
    } else if (stream.readyState === EventStream.CLOSED) {
        element.textContent = `closed: ${describe(error)}`;
        element.className = 'closed';
    } else if (attempt > 0) {
        element.textContent = `reconnecting (attempt ${attempt}, ${describe(error)})`;
        element.className = 'reconnecting';
    } else {
        element.textContent = 'connecting';
        element.className = 'connecting';
    }
}

function describe(error) {
    if (!error) {
        return 'closed by the page';
    }
    const parts = [];
    // a 200 that ended (e.g. stream-error shutdown) is no refusal: name the condition only
    if (error.status && error.status !== 200) {
        parts.push(`HTTP ${error.status}`);
    }
    if (error.error || error.condition) {
        parts.push(error.error || error.condition);
    }
    if (error.message) {
        parts.push(error.message);
    }
    return parts.length > 0 ? parts.join(' ') : 'network error';
}

// Chat: the messages shown, by id, kept in sessionStorage with the client's cursor.
const chat = new Map();

function loadChat() {
    try {
        for (const message of JSON.parse(sessionStorage.getItem(CHAT_KEY) || '[]')) {
            chat.set(message.id, message);
        }
    } catch (ignored) {
        sessionStorage.removeItem(CHAT_KEY);
    }
}

function saveChat() {
    const messages = [...chat.values()].sort((a, b) => a.id - b.id).slice(-CHAT_LIMIT);
    sessionStorage.setItem(CHAT_KEY, JSON.stringify(messages));
}

function renderChat() {
    const items = [...chat.values()].sort((a, b) => a.id - b.id).map((message) => {
        const item = document.createElement('li');
        item.className = 'message';
        item.dataset.id = String(message.id);
        const author = document.createElement('span');
        author.className = 'author';
        author.textContent = message.author;
        const text = document.createElement('span');
        text.className = 'text';
        text.textContent = message.text;
        item.append(author, text);
        return item;
    });
    $('messages').replaceChildren(...items);
}

function addMessages(messages) {
    for (const message of messages) {
        chat.set(message.id, message);
    }
    saveChat();
    renderChat();
}

async function reloadChat() {
    const response = await fetch('/demo/messages', { headers: { Accept: 'application/json' } });
    if (!response.ok) {
        throw new Error(`GET /demo/messages answered ${response.status}`);
    }
    addMessages(await response.json());
}

// The main stream: chat and clock.
loadChat();
renderChat();
let attempt = 0;
const stream = new EventStream('/events?channel=chat&channel=clock', {
    lastEventId: document.body.dataset.cursor,
    storage: CURSOR_KEY,
    retry: { initial: 1000, max: 5000 },
});
const showCursor = () => {
    $('cursor').textContent = stream.lastEventId || '(none)';
};
stream.onopen = () => {
    attempt = 0;
    showState($('status'), stream, attempt);
};
stream.onerror = (e) => {
    if (stream.readyState === EventStream.CONNECTING) {
        attempt++;
    }
    showState($('status'), stream, attempt, e);
    logEvent('error', describe(e));
};
stream.addEventListener('stream-open', () => logEvent('stream-open', ''));
stream.addEventListener('tick', (e) => {
    $('clock').textContent = JSON.parse(e.data).time;
    showCursor();
});
stream.onmessage = (e) => {
    addMessages([JSON.parse(e.data)]);
    showCursor();
    logEvent('message', e.data);
};
stream.addEventListener('note', (e) => {
    showCursor();
    logEvent('note', e.data);
});
stream.addEventListener('stream-reset', (e) => {
    showCursor();
    logEvent('stream-reset', e.data);
    const notice = $('reset');
    notice.hidden = false;
    notice.textContent = `The server could not replay ${e.channels.join(', ')} from this page's cursor: `
            + (e.channels.includes('chat') ? 'reloading the chat history.' : 'the next events bring it up to date.');
    if (e.channels.includes('chat')) {
        reloadChat().then(() => {
            notice.textContent = `The server could not replay ${e.channels.join(', ')} from this page's cursor: `
                    + 'the chat history was reloaded.';
            notice.dataset.reloaded = 'true';
        }, (error) => {
            notice.textContent += ` Reloading failed: ${error.message}`;
        });
    }
});
stream.addEventListener('stream-error', (e) => logEvent('stream-error', e.data));
showState($('status'), stream, attempt);
showCursor();

$('chat').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('text');
    const response = await fetch('/demo/messages', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ author: $('author').value, text: text.value }),
    });
    if (response.ok) {
        text.value = '';
    } else {
        logEvent('error', `publishing failed: ${response.status}`);
    }
});

// The private stream: sends the Authorization header the form chose.
let privateStream = null;
let privateAttempt = 0;

function connectPrivate(token) {
    if (privateStream) {
        privateStream.close();
    }
    $('secrets').replaceChildren();
    privateAttempt = 0;
    const current = new EventStream('/events?channel=private', {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        lastEventId: document.body.dataset.privateCursor,
        storage: false,
        retry: { initial: 500, max: 5000 },
    });
    privateStream = current;
    current.onopen = () => {
        privateAttempt = 0;
        showState($('private-status'), current, privateAttempt);
    };
    current.onerror = (e) => {
        if (current.readyState === EventStream.CONNECTING) {
            privateAttempt++;
        }
        showState($('private-status'), current, privateAttempt, e);
    };
    current.addEventListener('secret', (e) => {
        const item = document.createElement('li');
        item.className = 'secret';
        item.textContent = e.data;
        $('secrets').append(item);
    });
    showState($('private-status'), current, privateAttempt);
}

$('private-connect').addEventListener('submit', (event) => {
    event.preventDefault();
    connectPrivate($('token').value);
});
$('private-publish').addEventListener('click', () => fetch('/demo/publish/private?type=secret', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: `a secret at ${new Date().toLocaleTimeString()}`,
}));

// htmx's SSE extension: mark its section while its EventSource is open (htmx:sseOpen, htmx:sseError)
document.body.addEventListener('htmx:sseOpen', () => {
    $('htmx').dataset.stream = 'open';
});
document.body.addEventListener('htmx:sseError', () => {
    $('htmx').dataset.stream = 'error';
});

// for the browser tests and the curious: the client objects
window.demo = {
    get stream() {
        return stream;
    },
    get privateStream() {
        return privateStream;
    },
    connectPrivate,
};
