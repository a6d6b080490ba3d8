package io.twingraph.api;
