import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/button';

/**
 * The events published on this instance, as they commit (newest at the bottom, the last 200 kept).
 */
export class QwcEventstreamLiveLog extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; height: 100%; padding: 10px; gap: 6px; }
        .bar { display: flex; gap: 10px; align-items: center; }
        .entry { font-family: var(--lumo-font-family-monospace, monospace); font-size: var(--lumo-font-size-s); }
        .time { color: var(--lumo-contrast-50pct); }
        .channel { color: var(--lumo-primary-text-color); }
        .empty { color: var(--lumo-contrast-60pct); }
    `;

    static properties = {
        _entries: { state: true }
    };

    constructor() {
        super();
        this._entries = [];
    }

    connectedCallback() {
        super.connectedCallback();
        this._observer = this.jsonRpc.streamPublished().onNext(response => {
            this._entries = [...this._entries.slice(-199), response.result];
        });
    }

    disconnectedCallback() {
        if (this._observer) {
            this._observer.cancel();
        }
        super.disconnectedCallback();
    }

    render() {
        return html`
            <div class="bar">
                <span>${this._entries.length} events since this page opened</span>
                <vaadin-button theme="tertiary small" @click=${() => this._entries = []}>Clear</vaadin-button>
            </div>
            ${this._entries.length === 0 ? html`<span class="empty">Waiting for events published on this instance...</span>` : ''}
            ${this._entries.map(e => html`<div class="entry">
                <span class="time">${e.publishedAt}</span>
                <span class="channel">${e.channel}</span>
                #${e.position || '-'} <b>${e.type}</b> ${e.data}
            </div>`)}`;
    }
}
customElements.define('qwc-eventstream-live-log', QwcEventstreamLiveLog);
