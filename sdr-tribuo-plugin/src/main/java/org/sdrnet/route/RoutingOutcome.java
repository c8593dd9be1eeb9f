package org.sdrnet.route;

import org.sdrnet.nn.Backbone;

/**
 * The result of {@link Router#route}: the report, and the chosen backbone (a plain sub-net or the unified model)
 * whose provenance carries {@link RoutingReport#summary()}, ready for export or a Tribuo feature extractor.
 */
public record RoutingOutcome(RoutingReport report, Backbone chosenBackbone) {
}
