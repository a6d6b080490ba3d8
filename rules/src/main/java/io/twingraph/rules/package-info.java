package io.twingraph.rules;
