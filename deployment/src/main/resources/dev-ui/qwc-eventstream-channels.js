import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/button';
import '@vaadin/icon';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

/**
 * The channels with open streams on this instance, with their stream counts; refreshed every two seconds.
 */
export class QwcEventstreamChannels extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; height: 100%; padding: 10px; gap: 10px; }
        .empty { color: var(--lumo-contrast-60pct); }
    `;

    static properties = {
        _channels: { state: true }
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
        this.jsonRpc.getChannels().then(response => this._channels = response.result);
    }

    render() {
        if (!this._channels) {
            return html`<span>Loading channels...</span>`;
        }
        if (this._channels.length === 0) {
            return html`<span class="empty">No open streams: no channel is live on this instance.</span>`;
        }
        return html`
            <vaadin-grid .items=${this._channels} theme="no-border row-stripes" all-rows-visible>
                <vaadin-grid-column header="Channel" ${columnBodyRenderer(c => html`<code>${c.name}</code>`, [])} auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Open streams" path="streams" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Stored" ${columnBodyRenderer(c => c.stored ? 'yes' : 'no', [])} auto-width></vaadin-grid-column>
            </vaadin-grid>`;
    }
}
customElements.define('qwc-eventstream-channels', QwcEventstreamChannels);
