package io.twingraph.twins.ditto.live;

import java.util.concurrent.CompletionStage;

import io.twingraph.twins.TwinCommand;

/**
 * Where the follower puts Ditto's changes: the engine's single writer ({@code engine::submit}). Commands are applied in
 * the order submitted; the stage fails when the local store refuses one, which tells the follower the local twin has
 * drifted from Ditto's (it then fetches the thing again).
 */
@FunctionalInterface
public interface TwinSubmitter {
    CompletionStage<?> submit(TwinCommand command);
}
