/** The error type every TwinGraph module shares: a stable code, a kind that decides the HTTP status, and a message. */
package io.twingraph.error;
