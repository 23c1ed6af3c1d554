import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

/**
 * The open streams of this instance: who reads, which channels, since when, and how many events wait in their queue;
 * refreshed every two seconds.
 */
export class QwcEventstreamStreams extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; height: 100%; padding: 10px; gap: 10px; }
        .empty { color: var(--lumo-contrast-60pct); }
    `;

    static properties = {
        _streams: { state: true }
    };

    connectedCallback() {
        super.connectedCallback();
        this._load();
        this._timer = setInterval(() => this._load(), 2000);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    _load() {
        this.jsonRpc.getStreams().then(response => this._streams = response.result);
    }

    render() {
        if (!this._streams) {
            return html`<span>Loading streams...</span>`;
        }
        if (this._streams.length === 0) {
            return html`<span class="empty">No open streams on this instance.</span>`;
        }
        return html`
            <vaadin-grid .items=${this._streams} theme="no-border row-stripes" all-rows-visible>
                <vaadin-grid-column header="Identity" path="identity" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Channels" ${columnBodyRenderer(s => html`<code>${s.channels.join(', ')}</code>`, [])} auto-width></vaadin-grid-column>
                <vaadin-grid-column header="State" path="state" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Age" ${columnBodyRenderer(s => this._age(s.ageSeconds), [])} auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Queued events" path="queuedEvents" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Opened at" path="createdAt" auto-width></vaadin-grid-column>
            </vaadin-grid>`;
    }

    _age(seconds) {
        if (seconds < 60) {
            return `${seconds} s`;
        }
        if (seconds < 3600) {
            return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
        }
        return `${Math.floor(seconds / 3600)} h ${Math.floor(seconds % 3600 / 60)} min`;
    }
}
customElements.define('qwc-eventstream-streams', QwcEventstreamStreams);
