package io.quarkiverse.eventstream.deployment;

import io.quarkiverse.eventstream.runtime.devui.EventStreamJsonRpcService;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The Dev UI card of the extension and the JSON-RPC service behind its pages; dev mode only, so neither the pages nor
 * the service bean exist in test or production builds. The pages are web components under
 * {@code src/main/resources/dev-ui/}.
 */
class EventStreamDevUIProcessor {

    @BuildStep(onlyIf = IsDevelopment.class)
    CardPageBuildItem card() {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder().title("Channels").icon("font-awesome-solid:tower-broadcast")
                .componentLink("qwc-eventstream-channels.js").dynamicLabelJsonRPCMethodName("getChannelCount"));
        card.addPage(Page.webComponentPageBuilder().title("Streams").icon("font-awesome-solid:plug")
                .componentLink("qwc-eventstream-streams.js").dynamicLabelJsonRPCMethodName("getStreamCount"));
        card.addPage(Page.webComponentPageBuilder().title("Publish").icon("font-awesome-solid:paper-plane")
                .componentLink("qwc-eventstream-publish.js"));
        card.addPage(Page.webComponentPageBuilder().title("Events").icon("font-awesome-solid:list-ol")
                .componentLink("qwc-eventstream-events.js"));
        card.addPage(Page.webComponentPageBuilder().title("Live log").icon("font-awesome-solid:scroll")
                .componentLink("qwc-eventstream-live-log.js"));
        return card;
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    JsonRPCProvidersBuildItem jsonRpc() {
        return new JsonRPCProvidersBuildItem(EventStreamJsonRpcService.class);
    }
}
