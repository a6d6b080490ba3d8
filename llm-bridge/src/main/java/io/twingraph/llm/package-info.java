package io.twingraph.llm;
