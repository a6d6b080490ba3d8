package io.twingraph.api.access;

/**
 * A token just created: the only moment its text exists outside the client's hands.
 *
 * @param token  the secret to give to the client ({@code Authorization: Bearer <token>})
 * @param record what is stored about it
 */
public record IssuedToken(String token, TokenRecord record) {
}
