package io.twingraph.planners;
