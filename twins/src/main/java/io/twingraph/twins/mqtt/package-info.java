/**
 * MQTT: TwinGraph's connector (Eclipse Paho, MQTT 5) that turns device messages into twin commands and sends device
 * commands, and the embedded broker (HiveMQ Community Edition) that {@code twingraph serve} runs when no external
 * broker is configured.
 */
package io.twingraph.twins.mqtt;
