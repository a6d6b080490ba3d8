/**
 * Policies over HTTP ({@link io.twingraph.api.policies.PolicyRoutes}, Ditto's API for administrators) and each
 * caller's twin access by them ({@link io.twingraph.api.policies.CallerAccess}), which the things API, SPARQL, natural
 * language and the twin stream enforce.
 */
package io.twingraph.api.policies;
