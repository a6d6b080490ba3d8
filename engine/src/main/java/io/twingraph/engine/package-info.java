package io.twingraph.engine;
