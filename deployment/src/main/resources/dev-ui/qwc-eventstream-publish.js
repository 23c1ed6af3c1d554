import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { notifier } from 'notifier';
import '@vaadin/text-field';
import '@vaadin/text-area';
import '@vaadin/button';

/**
 * A form that publishes a test event through the application's EventPublisher (publishRaw: the data is sent as typed).
 */
export class QwcEventstreamPublish extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 10px; padding: 10px; max-width: 800px; }
        .result { color: var(--lumo-contrast-70pct); }
    `;

    static properties = {
        _channel: { state: true },
        _type: { state: true },
        _data: { state: true },
        _last: { state: true }
    };

    constructor() {
        super();
        this._channel = '';
        this._type = 'message';
        this._data = '';
    }

    render() {
        return html`
            <vaadin-text-field label="Channel" required .value=${this._channel}
                @value-changed=${e => this._channel = e.detail.value}></vaadin-text-field>
            <vaadin-text-field label="Event type" .value=${this._type}
                @value-changed=${e => this._type = e.detail.value}></vaadin-text-field>
            <vaadin-text-area label="Data (sent as is, e.g. JSON)" .value=${this._data}
                @value-changed=${e => this._data = e.detail.value}></vaadin-text-area>
            <vaadin-button theme="primary" @click=${() => this._publish()} ?disabled=${!this._channel}>Publish</vaadin-button>
            ${this._last ? html`<span class="result">Last published: <code>${this._last.channel}</code>
                type <code>${this._last.type}</code>, position ${this._last.position || 'none (not stored)'}</span>` : ''}`;
    }

    _publish() {
        this.jsonRpc.publish({ channel: this._channel, type: this._type, data: this._data }).then(response => {
            if (response.result.published) {
                this._last = response.result.event;
                notifier.showSuccessMessage(response.result.message);
            } else {
                notifier.showErrorMessage(response.result.message);
            }
        });
    }
}
customElements.define('qwc-eventstream-publish', QwcEventstreamPublish);
