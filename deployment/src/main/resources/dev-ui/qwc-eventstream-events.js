import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { notifier } from 'notifier';
import '@vaadin/grid';
import '@vaadin/text-field';
import '@vaadin/integer-field';
import '@vaadin/button';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

/**
 * The last events of a channel as the store keeps them, with their positions.
 */
export class QwcEventstreamEvents extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; height: 100%; padding: 10px; gap: 10px; }
        .form { display: flex; gap: 10px; align-items: baseline; }
        .empty { color: var(--lumo-contrast-60pct); }
    `;

    static properties = {
        _channel: { state: true },
        _limit: { state: true },
        _events: { state: true }
    };

    constructor() {
        super();
        this._channel = '';
        this._limit = 20;
    }

    render() {
        return html`
            <div class="form">
                <vaadin-text-field label="Channel" .value=${this._channel}
                    @value-changed=${e => this._channel = e.detail.value}
                    @keyup=${e => e.key === 'Enter' && this._load()}></vaadin-text-field>
                <vaadin-integer-field label="Last" min="1" max="500" step-buttons-visible .value=${String(this._limit)}
                    @value-changed=${e => this._limit = parseInt(e.detail.value) || 20}></vaadin-integer-field>
                <vaadin-button theme="primary" @click=${() => this._load()} ?disabled=${!this._channel}>Read</vaadin-button>
            </div>
            ${this._renderEvents()}`;
    }

    _renderEvents() {
        if (!this._events) {
            return html`<span class="empty">Name a channel to read its last stored events.</span>`;
        }
        if (this._events.length === 0) {
            return html`<span class="empty">The store keeps no event of this channel (not stored, or none yet).</span>`;
        }
        return html`
            <vaadin-grid .items=${this._events} theme="no-border row-stripes">
                <vaadin-grid-column header="Position" path="position" auto-width flex-grow="0"></vaadin-grid-column>
                <vaadin-grid-column header="Type" path="type" auto-width flex-grow="0"></vaadin-grid-column>
                <vaadin-grid-column header="Data" ${columnBodyRenderer(e => html`<code>${e.data}</code>`, [])}></vaadin-grid-column>
                <vaadin-grid-column header="Stored at" path="createdAt" auto-width flex-grow="0"></vaadin-grid-column>
            </vaadin-grid>`;
    }

    _load() {
        this.jsonRpc.getEvents({ channel: this._channel, limit: this._limit })
            .then(response => this._events = response.result)
            .catch(error => notifier.showErrorMessage(error.error ? error.error.message : String(error)));
    }
}
customElements.define('qwc-eventstream-events', QwcEventstreamEvents);
