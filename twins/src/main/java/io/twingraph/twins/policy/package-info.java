/**
 * Policies in Eclipse Ditto's own model ({@code ditto-policies-model}): who may READ and WRITE which twin and which
 * part of it. {@link io.twingraph.twins.policy.PolicyStore} keeps them in the data directory,
 * {@link io.twingraph.twins.policy.ThingPermissions} decides which policy governs a thing (its own, its site's, or the
 * default) and gives each caller a {@link io.twingraph.twins.policy.ThingAccess}, evaluated by Ditto's enforcer, so
 * grants, revokes and their inheritance are Ditto's. This package knows nothing about HTTP or RDF: the API and the
 * SPARQL view ask it.
 */
package io.twingraph.twins.policy;
