/**
 * A live Eclipse Ditto as TwinGraph's twin source ({@code --twins ditto:https://host}): {@link
 * io.twingraph.twins.ditto.live.DittoFollower} loads Ditto's things (search API, cursor paging) and follows its change
 * stream (SSE) into the local twins, by Ditto revision, reconnecting and resynchronising after a disconnect; {@link
 * io.twingraph.twins.ditto.live.DittoCommandSender} sends device commands back through Ditto with a correlation id;
 * {@link io.twingraph.twins.ditto.live.DittoHttp} is the shared link (credentials, TLS, circuit breaker, retry) and
 * {@link io.twingraph.twins.ditto.live.DittoStatus} what {@code /health} shows.
 */
package io.twingraph.twins.ditto.live;
